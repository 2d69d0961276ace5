/*
 * doctext.h: reading a page of docs/ in the tests that check it names what
 * the code defines (every entity and field of the formula vocabulary, every
 * row of the 766 table), so the guides cannot fall behind the tables.
 * doc_read() returns the file's text, which the caller frees.
 */
#ifndef XASO_TESTS_DOCTEXT_H
#define XASO_TESTS_DOCTEXT_H

#include <stdio.h>
#include <stdlib.h>

static char *doc_read(const char *name)
{
	const char *src = getenv("XASO_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/docs/%s", src ? src : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	long n = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (text = malloc((size_t)n + 1)) && fread(text, 1, (size_t)n, f) == (size_t)n)
		text[n] = '\0';
	else {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

#endif
