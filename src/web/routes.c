/* routes.c: the list of every module's route table. A module adds its
 * table here; server.c refuses to start if any route lacks a policy. */
#include "web/server_int.h"

extern const struct route ops_routes[];
extern const struct route static_routes[];
extern const struct route api_units_routes[];
extern const struct route api_indicators_routes[];
extern const struct route api_tasks_routes[];
extern const struct route page_indicators_routes[];
extern const struct route page_units_routes[];
extern const struct route api_calendar_routes[];
extern const struct route api_procedures_routes[];
extern const struct route api_dossiers_routes[];
extern const struct route api_feedback_routes[];
extern const struct route api_accounts_routes[];
extern const struct route api_blobs_routes[];
extern const struct route page_account_routes[];
extern const struct route page_office_routes[];
extern const struct route page_office_actions_routes[];
extern const struct route page_receive_routes[];
extern const struct route page_forms_routes[];
extern const struct route page_citizen_routes[];
extern const struct route page_filing_routes[];
extern const struct route page_my_routes[];
extern const struct route page_my_feedback_routes[];
extern const struct route page_release_routes[];
extern const struct route api_records_routes[];
extern const struct route api_people_routes[];
extern const struct route page_digital_routes[];
extern const struct route page_team_routes[];
extern const struct route page_pay_routes[];
extern const struct route page_reconcile_routes[];
extern const struct route api_payments_routes[];
extern const struct route page_verify_routes[];
extern const struct route page_certs_routes[];
extern const struct route api_index766_routes[];
extern const struct route page_index766_routes[];

const struct route *const *web_route_tables(void)
{
	static const struct route *const tables[] = {
	    ops_routes,
	    static_routes,
	    api_units_routes,
	    api_indicators_routes,
	    api_tasks_routes,
	    page_indicators_routes,
	    page_units_routes,
	    api_calendar_routes,
	    api_procedures_routes,
	    api_dossiers_routes,
	    api_feedback_routes,
	    api_accounts_routes,
	    api_blobs_routes,
	    page_account_routes,
	    page_office_routes,
	    page_office_actions_routes,
	    page_receive_routes,
	    page_forms_routes,
	    page_citizen_routes,
	    page_filing_routes,
	    page_my_routes,
	    page_my_feedback_routes,
	    page_release_routes,
	    api_records_routes,
	    api_people_routes,
	    page_digital_routes,
	    page_team_routes,
	    page_pay_routes,
	    page_reconcile_routes,
	    api_payments_routes,
	    page_verify_routes,
	    page_certs_routes,
	    api_index766_routes,
	    page_index766_routes,
	    NULL,
	};
	return tables;
}
