/*
 * qr.h: QR codes as inline SVG (libqrencode), for receipts and result
 * documents: a phone's camera opens the tracking or verification page.
 */
#ifndef XASO_WEB_QR_H
#define XASO_WEB_QR_H

#include "core/buf.h"
#include "core/xerr.h"

/* Appends an <svg> element encoding text (ECC level M, 4-module quiet
 * zone) that is size_px wide, with a <title> for screen readers
 * (escaped). Returns 0 or XERR_INVALID when the text cannot be encoded. */
int qr_svg(struct buf *out, const char *text, int size_px, const char *title, struct xerr *e);

#endif
