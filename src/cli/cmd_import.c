/* cmd_import.c: `xaso import KIND FILE` loads a CSV file in one
 * transaction: either the whole file is stored or nothing is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/import.h"
#include "cli/import_statement.h"

static int import_villages(struct store *s, const char *path, struct xerr *e)
{
	size_t len;
	char *data = cli_read_file(path, &len, e);
	if (!data)
		return e->code;
	struct unit *units = NULL;
	size_t n = 0, bad = 0;
	int rc = unit_parse_villages(path, data, len, &units, &n, e);
	if (rc == 0) {
		rc = store_unit_insert(s, units, n, &bad, e);
		if (rc) {
			/* Rows are in file order; +2 accounts for the header line. The
			 * CSV reader already checked the shape, so this is about the
			 * data itself (unknown parent, code already stored). */
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			if (rc == XERR_UNAVAILABLE) /* the machine's fault, not a record's */
				xerr_set(e, rc, e->field, "%s: %s; nothing was imported", path,
				         msg);
			else
				xerr_set(e, rc, e->field,
				         "%s: record %zu (code %s): %s; nothing was imported", path,
				         bad + 1, bad < n ? units[bad].code : "?", msg);
		} else {
			printf("%s: imported %zu villages\n", path, n);
		}
	} else {
		size_t l = strlen(e->msg);
		snprintf(e->msg + l, sizeof e->msg - l, "; nothing was imported");
	}
	free(units);
	free(data);
	return rc;
}

/* Reads and parses one optional list; *data stays allocated for the caller. */
static int read_list(const char *path, char **data, struct xerr *e)
{
	size_t len;
	*data = cli_read_file(path, &len, e);
	return *data ? 0 : e->code;
}

static int import_procedures(struct store *s, const char *path, const char *docs_path,
                             const char *fields_path, struct xerr *e)
{
	char *data = NULL, *ddata = NULL, *fdata = NULL;
	struct procedure *p = NULL;
	struct procedure_document *d = NULL;
	struct procedure_field *f = NULL;
	size_t np = 0, nd = 0, nf = 0, bad = 0;
	int bad_list = 0;
	int rc = read_list(path, &data, e);
	if (rc == 0 && docs_path)
		rc = read_list(docs_path, &ddata, e);
	if (rc == 0 && fields_path)
		rc = read_list(fields_path, &fdata, e);
	if (rc == 0)
		rc = procedure_parse(path, data, strlen(data), &p, &np, e);
	if (rc == 0 && ddata)
		rc = procedure_documents_parse(docs_path, ddata, strlen(ddata), &d, &nd, e);
	if (rc == 0 && fdata)
		rc = procedure_fields_parse(fields_path, fdata, strlen(fdata), &f, &nf, e);
	if (rc == 0) {
		struct actor sys;
		actor_system(&sys, "import");
		rc = store_procedures_import(s, &sys, p, np, d, nd, f, nf, &bad_list, &bad, e);
		if (rc && rc != XERR_UNAVAILABLE) {
			/* The parsers checked the shape; this is about stored data
			 * (a document of a procedure that does not exist). A full
			 * disk or a locked database is no record's fault: its
			 * message stands as it is. */
			const char *file = bad_list == 0   ? path
			                   : bad_list == 1 ? docs_path
			                                   : fields_path;
			const char *code = bad_list == 0   ? p[bad].code
			                   : bad_list == 1 ? d[bad].procedure
			                                   : f[bad].procedure;
			char msg[sizeof e->msg];
			snprintf(msg, sizeof msg, "%s", e->msg);
			xerr_set(e, rc, e->field, "%s: record %zu (procedure %s): %s", file,
			         bad + 1, code, msg);
		}
	}
	if (rc) {
		size_t l = strlen(e->msg);
		snprintf(e->msg + l, sizeof e->msg - l, "; nothing was imported");
	} else {
		printf("%s: imported %zu procedures, %zu documents, %zu form fields\n", path, np,
		       nd, nf);
	}
	free(p);
	free(d);
	free(f);
	free(data);
	free(ddata);
	free(fdata);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	if (cli_wants_help(argc, argv) || argc < 3) {
		FILE *f = argc < 3 && !cli_wants_help(argc, argv) ? stderr : stdout;
		fprintf(
		    f,
		    "usage: xaso import KIND FILE [--db FILE] [options]\n\n"
		    "KIND is one of:\n"
		    "  villages   columns code,name,type,parent_code (type optional, e.g. Thôn,\n"
		    "             Buôn, Bản, Tổ dân phố); the code starts with the commune's\n"
		    "             5-digit code, e.g. 24121001\n"
		    "  procedures FILE [--documents FILE] [--fields FILE]\n"
		    "             the catalogue: code,name,field,level,time_value,time_unit,\n"
		    "             fee_vnd,online_level,source (optional for the 766 index:\n"
		    "             decision_date,basis_effective,public_date as YYYY-MM-DD,\n"
		    "             paper_result,full_online_eligible as 0 or 1); documents: "
		    "procedure_code,seq,name,\n"
		    "             original_or_copy,count,reusable,source; form fields:\n"
		    "             procedure_code,seq,name,label_vi,label_en,type,required.\n"
		    "             Procedures are replaced by code; a procedure's documents or\n"
		    "             fields are replaced by those in the file.\n"
		    "  residents  FILE [--partial]  an extract of the population database:\n"
		    "             pid,full_name,birth_date,sex,household,village,eid_level,\n"
		    "             ehealth,extract_date. A newer extract updates the residents and\n"
		    "             keeps their earlier state; residents of its communes missing\n"
		    "             from it depart on its day (not with --partial)\n"
		    "  businesses tax_code,kind,name,unit,opened_on[,closed_on,einvoice_from,\n"
		    "             cashless_from]\n"
		    "  teams      unit,founded_on[,name,dissolved_on]\n"
		    "  members    team_unit,full_name,position,joined_on[,phone,left_on,login]\n"
		    "  activities team_unit,day,kind[,people,attendance,campaign,note,id]\n"
		    "  campaigns  code,unit,name,starts_on,ends_on,seq,target_name,measure,target\n"
		    "  products   code,unit,name,producer,kind,added_on[,ocop_stars,removed_on,\n"
		    "             platform,url,online_since]\n"
		    "  reports    unit,figure,period,value[,note] (each awaits a leader's "
		    "approval)\n"
		    "  statement  FILE --unit CODE\n"
		    "             a bank statement of the unit's receiving account (CSV as the\n"
		    "             bank exports it, or date,amount,description,reference): each\n"
		    "             credit naming a dossier whose fee it pays marks it paid; the\n"
		    "             others wait for an officer (/office/payments). Lines read\n"
		    "             before change nothing. See docs/payments.md.\n\n"
		    "The file must be UTF-8 CSV with a header row; docs/population.md describes\n"
		    "every column. A bad file is rejected with the line and column of its first\n"
		    "bad rows and nothing from it is stored. Large files are read as a stream,\n"
		    "with a progress bar on a terminal.\n");
		return f == stdout ? 0 : 2;
	}
	struct settings cfg;
	int rc = settings_load(&cfg, argc, argv);
	if (rc)
		return rc;
	const char *kind = argv[1], *path = argv[2];
	struct store *s = cli_open_store(cfg.db, 0);
	if (!s)
		return 1;
	struct xerr e = {0};
	if (!strcmp(kind, "villages"))
		rc = import_villages(s, path, &e);
	else if (!strcmp(kind, "procedures"))
		rc = import_procedures(s, path, cli_opt(argc, argv, "documents"),
		                       cli_opt(argc, argv, "fields"), &e);
	else if (!strcmp(kind, "statement"))
		rc = import_statement(s, path, cli_opt(argc, argv, "unit"), &e);
	else if ((rc = store_import_mode(s, true, &e)) == 0) {
		rc = cli_import_stream(s, kind, path, cli_flag(argc, argv, "partial"), &e);
		struct xerr ignored = {0};
		store_import_mode(s, false, &ignored);
	}
	store_close(s);
	return rc ? cli_fail(&e) : 0;
}
