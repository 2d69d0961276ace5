/*
 * i18n.h: message catalogues. Each module keeps its own catalogue (an
 * array sorted by key, ending with a {NULL} entry) and lists it in
 * i18n.c; tr() looks a key up in each in turn. Keys are stable
 * identifiers, prefixed by the module ("dossier.status.4").
 */
#ifndef XASO_WEB_I18N_H
#define XASO_WEB_I18N_H

struct message {
	const char *key, *vi, *en;
};

/* Every catalogue, NULL-terminated (for tr() and the catalogue test). */
extern const struct message *const i18n_catalogues[];

#endif
