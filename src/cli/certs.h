/*
 * certs.h: the demo CA of `xaso certs demo-ca` and `xaso demo`
 * (certs_demo.c): a local root CA kept in the store with its key, which
 * issues each commune's seal and each leader's personal certificate and
 * publishes its CRL. For demonstrations and tests only: a real commune
 * imports what a real CA issued (`xaso certs import`).
 */
#ifndef XASO_CLI_CERTS_H
#define XASO_CLI_CERTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sign/cert.h"
#include "store/store.h"
#include "web/results.h"

struct demo_ca_opts {
	const char *province; /* its communes get seals, their leaders certificates */
	const char *unit;     /* only this unit and its leaders (NULL: the province's) */
	const char *login;    /* only this official (any official, not only leaders) */
	bool renew;           /* issue even where a valid certificate exists */
	int64_t from, until;  /* validity of what is issued; 0: from an hour ago, for 2 years */
	enum sign_key_type key;
	int64_t now;
};

struct demo_ca_result {
	int64_t ca;      /* the demo CA's row */
	bool ca_created; /* made by this call */
	int seals, persons;
};

/* Makes the demo CA when there is none (with its first CRL), then issues
 * what o asks for, every key kept under k. */
int certs_demo_issue(struct store *s, const struct actor *who, const struct results_secret *k,
                     const struct demo_ca_opts *o, struct demo_ca_result *out, struct xerr *e);

/* Publishes a new CRL of the CA row ca (which must hold its key),
 * listing every certificate it issued that is revoked. */
int certs_demo_crl(struct store *s, const struct actor *who, const struct results_secret *k,
                   int64_t ca, int64_t now, struct xerr *e);

#endif
