/*
 * expr_vocab.c: the vocabulary of the formula language: which entities a
 * formula can count, their fields with types, and how a period selects
 * their records (issues 13-16).
 *
 * The names are a contract: formulas saved in a database refer to them, so
 * a name is never renamed or reused; new entities and fields are added at
 * the end of their lists. The store maps each (entity, field) to its tables;
 * fields of origin EXPR_RULE are evaluated through the core function named
 * in `rule`, never by restating the rule in SQL or here. Enum codes are the
 * values the store holds (dossier channels and statuses are the national
 * portal's codes of core/dossier.h; a unit test checks that the words are
 * dossier_channel_name() and dossier_status_name()).
 */
#include <stddef.h>
#include <string.h>

#include "core/dossier.h"
#include "core/expr.h"
#include "core/people.h"

#define NWORDS                                                                                     \
	{                                                                                          \
		NULL, 0, NULL                                                                      \
	}
#define FIELDS(a) (a), sizeof(a) / sizeof((a)[0])
#define NOLIMIT   1, 0 /* min > max: an integer without known bounds */

/* The rule book: core/dossier.h is the single definition of when a dossier
 * is finished, on time, late or overdue (national portal's reading, RULES.md
 * §1.3: first terminal status ends processing, supplement pauses excluded,
 * more than one supplement request is late, a dossier still open is judged
 * at the period's last day). */
#define RULEBOOK "core/dossier.h (the rule book)"

static const struct expr_word channels[] = {
    {"counter", DC_COUNTER, "trực tiếp"},
    {"online", DC_ONLINE, "trực tuyến"},
    {"post", DC_POST, "bưu chính công ích"},
    NWORDS,
};

static const struct expr_word statuses[] = {
    {"submitted", DS_SUBMITTED, "mới đăng ký"},
    {"received", DS_RECEIVED, "được tiếp nhận"},
    {"refused", DS_REFUSED, "không được tiếp nhận"},
    {"processing", DS_PROCESSING, "đang xử lý"},
    {"supplement_requested", DS_SUPPLEMENT, "yêu cầu bổ sung giấy tờ"},
    {"fee_requested", DS_FEE, "yêu cầu thực hiện nghĩa vụ tài chính"},
    {"withdrawn", DS_WITHDRAWN, "công dân yêu cầu rút hồ sơ"},
    {"stopped", DS_STOPPED, "dừng xử lý"},
    {"result_ready", DS_RESULT, "đã xử lý xong"},
    {"returned", DS_RETURNED, "đã trả kết quả"},
    NWORDS,
};

static const struct expr_word online_levels[] = {
    {"full", 1, "toàn trình"},
    {"partial", 2, "một phần"},
    NWORDS,
};

static const struct expr_field dossier_fields[] = {
    {"channel", EXPR_ENUM, EXPR_STORED, channels, NOLIMIT, NULL, "kênh nộp hồ sơ",
     "how it was filed"},
    {"status", EXPR_ENUM, EXPR_AS_OF, statuses, NOLIMIT, NULL,
     "trạng thái vào ngày cuối kỳ (theo lịch sử hồ sơ)",
     "status on the period's last day (from the dossier's history)"},
    {"procedure", EXPR_TEXT, EXPR_STORED, NULL, NOLIMIT, NULL, "mã thủ tục hành chính",
     "procedure code, e.g. \"1.001193\""},
    {"online_level", EXPR_ENUM, EXPR_STORED, online_levels, NOLIMIT, NULL,
     "mức dịch vụ công trực tuyến của thủ tục", "the procedure's online level"},
    {"finished", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, RULEBOOK,
     "đã kết thúc xử lý trước ngày cuối kỳ", "processing ended by the period's last day"},
    {"on_time", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, RULEBOOK,
     "đúng hạn (trước hạn, đúng hạn, hoặc đang trong hạn)",
     "on time (early, on time, or still within its time)"},
    {"late", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, RULEBOOK, "trễ hạn",
     "late (finished after its appointment, or more than one supplement request)"},
    {"overdue", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, RULEBOOK,
     "chưa xong và đã quá hạn vào ngày cuối kỳ",
     "still open and past its appointment on the period's last day"},
    {"supplemented", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "có yêu cầu bổ sung giấy tờ",
     "at least one supplement request"},
    {"rated", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "người nộp đã đánh giá",
     "the applicant rated the service"},
    {"satisfied", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "đánh giá hài lòng",
     "rated satisfied"},
    {"digitised", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL,
     "có thành phần hồ sơ điện tử (tệp đính kèm)", "has attached documents"},
    {"e_result", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "có tệp kết quả giải quyết điện tử",
     "has an electronic result file"},
    {"fee_due", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "có phí, lệ phí phải nộp",
     "a fee is due"},
    {"paid_online", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "đã thanh toán trực tuyến",
     "fee paid online"},
    {"paid_cash", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "đã nộp phí bằng tiền mặt",
     "fee paid in cash"},
    {"reused", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL,
     "có thành phần tái sử dụng từ kết quả số hóa",
     "a component reused from earlier digitised results"},
    {"identity_from_population", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL,
     "thông tin người nộp lấy từ CSDL dân cư hoặc đăng nhập VNeID",
     "the applicant's identity came from the population data or an e-ID sign-in"},
    {"filed_on", EXPR_DATE, EXPR_STORED, NULL, NOLIMIT, NULL, "ngày nộp hồ sơ", "filing day"},
};

static const struct expr_word sexes[] = {
    {"male", PEOPLE_MALE, "nam"},
    {"female", PEOPLE_FEMALE, "nữ"},
    NWORDS,
};

static const struct expr_field resident_fields[] = {
    {"age", EXPR_INT, EXPR_AS_OF, NULL, 0, 150, NULL, "tuổi tròn vào ngày cuối kỳ",
     "age in whole years on the period's last day, from the birth date"},
    {"sex", EXPR_ENUM, EXPR_STORED, sexes, NOLIMIT, NULL, "giới tính", "sex"},
    {"eid_level", EXPR_INT, EXPR_AS_OF, NULL, 0, 2, NULL,
     "mức định danh điện tử (0, 1, 2) vào ngày cuối kỳ",
     "e-ID (VNeID) activation level 0, 1 or 2 on the period's last day"},
    {"ehealth", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL, "có sổ sức khỏe điện tử",
     "has an electronic health record"},
    {"birth_date", EXPR_DATE, EXPR_STORED, NULL, NOLIMIT, NULL, "ngày sinh", "birth date"},
};

static const struct expr_field household_fields[] = {
    {"members", EXPR_INT, EXPR_AS_OF, NULL, 0, 1000, NULL, "số nhân khẩu vào ngày cuối kỳ",
     "residents on the period's last day"},
};

static const struct expr_word business_kinds[] = {
    {"enterprise", 1, "doanh nghiệp"},
    {"household_business", 2, "hộ kinh doanh"},
    NWORDS,
};

static const struct expr_field business_fields[] = {
    {"kind", EXPR_ENUM, EXPR_STORED, business_kinds, NOLIMIT, NULL, "loại hình", "kind"},
    {"einvoice", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL,
     "đã dùng hóa đơn điện tử vào ngày cuối kỳ", "uses e-invoices by the period's last day"},
    {"cashless", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL,
     "nhận thanh toán không dùng tiền mặt vào ngày cuối kỳ",
     "accepts cashless payment by the period's last day"},
};

static const struct expr_word village_kinds[] = {
    {"village", 1, "thôn, bản, buôn, ấp"},
    {"residential_group", 2, "tổ dân phố"},
    NWORDS,
};

static const struct expr_field village_fields[] = {
    {"kind", EXPR_ENUM, EXPR_STORED, village_kinds, NOLIMIT, NULL, "loại", "kind"},
    {"has_team", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL,
     "có tổ công nghệ số cộng đồng vào ngày cuối kỳ",
     "has a community digital team on the period's last day"},
};

static const struct expr_word team_levels[] = {
    {"village", 1, "tổ của thôn, tổ dân phố"},
    {"commune", 2, "tổ của xã, phường"},
    NWORDS,
};

static const struct expr_field team_fields[] = {
    {"level", EXPR_ENUM, EXPR_STORED, team_levels, NOLIMIT, NULL, "cấp", "level"},
    {"members", EXPR_INT, EXPR_AS_OF, NULL, 0, 1000, NULL, "số thành viên vào ngày cuối kỳ",
     "members on the period's last day"},
};

/* Issue 13 item 3 and RULES.md §5.3 (typical members of a team). */
static const struct expr_word positions[] = {
    {"village_head", 1, "trưởng thôn, tổ trưởng dân phố"},
    {"youth_union", 2, "đoàn thanh niên"},
    {"womens_union", 3, "hội phụ nữ"},
    {"police", 4, "công an"},
    {"teacher", 5, "giáo viên"},
    {"health_worker", 6, "nhân viên y tế"},
    {"telecom", 7, "nhân viên viễn thông, công nghệ"},
    {"other", 8, "khác"},
    NWORDS,
};

static const struct expr_field member_fields[] = {
    {"position", EXPR_ENUM, EXPR_STORED, positions, NOLIMIT, NULL, "vị trí", "position"},
    {"has_account", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "có tài khoản đăng nhập xaso",
     "signs in to xaso"},
};

static const struct expr_word activity_kinds[] = {
    {"eid_activation", 1, "kích hoạt định danh điện tử"},
    {"online_filing", 2, "hướng dẫn nộp hồ sơ trực tuyến"},
    {"cashless_account", 3, "mở tài khoản thanh toán không dùng tiền mặt"},
    {"product_listed", 4, "đưa sản phẩm lên sàn thương mại điện tử"},
    {"smartphone_given", 5, "trao điện thoại thông minh"},
    {"training", 6, "buổi tập huấn kỹ năng số"},
    NWORDS,
};

static const struct expr_field activity_fields[] = {
    {"kind", EXPR_ENUM, EXPR_STORED, activity_kinds, NOLIMIT, NULL, "loại hoạt động",
     "kind of help"},
    {"people", EXPR_INT, EXPR_STORED, NULL, 0, 1000000, NULL, "số người được hỗ trợ",
     "people helped"},
    {"attendance", EXPR_INT, EXPR_STORED, NULL, 0, 1000000, NULL, "số người dự (buổi tập huấn)",
     "attendance (of a training session)"},
};

static const struct expr_field training_fields[] = {
    {"campaign", EXPR_TEXT, EXPR_STORED, NULL, NOLIMIT, NULL, "mã chiến dịch",
     "the campaign's code (\"\" when none)"},
    {"attendance", EXPR_INT, EXPR_STORED, NULL, 0, 1000000, NULL, "số người dự", "attendance"},
};

static const struct expr_field campaign_fields[] = {
    {"code", EXPR_TEXT, EXPR_STORED, NULL, NOLIMIT, NULL, "mã chiến dịch", "code"},
    {"target_sessions", EXPR_INT, EXPR_STORED, NULL, 0, 1000000, NULL, "chỉ tiêu số buổi tập huấn",
     "target number of training sessions"},
    {"target_attendance", EXPR_INT, EXPR_STORED, NULL, 0, 100000000, NULL,
     "chỉ tiêu số lượt người dự", "target attendance"},
};

static const struct expr_word product_kinds[] = {
    {"ocop", 1, "sản phẩm OCOP"},
    {"agricultural", 2, "nông sản"},
    NWORDS,
};

static const struct expr_field product_fields[] = {
    {"kind", EXPR_ENUM, EXPR_STORED, product_kinds, NOLIMIT, NULL, "loại", "kind"},
    {"online", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL,
     "đã có trên sàn thương mại điện tử vào ngày cuối kỳ",
     "listed on an e-commerce platform by the period's last day"},
    {"ocop_stars", EXPR_INT, EXPR_STORED, NULL, 0, 5, NULL, "số sao OCOP (0 nếu không)",
     "OCOP stars (0: none)"},
};

#define TASKRULE "core/indicator.h ind_task_state()"

static const struct expr_field task_fields[] = {
    {"done", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, TASKRULE, "đã hoàn thành trước ngày cuối kỳ",
     "done by the period's last day"},
    {"late", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT, TASKRULE,
     "chưa hoàn thành và đã quá hạn vào ngày cuối kỳ",
     "not done and past its deadline on the period's last day"},
    {"plan", EXPR_TEXT, EXPR_STORED, NULL, NOLIMIT, NULL, "mã kế hoạch",
     "the plan's code, e.g. \"02-KH/BCDTW\""},
    {"deadline", EXPR_DATE, EXPR_STORED, NULL, NOLIMIT, NULL, "hạn hoàn thành", "deadline"},
};

static const struct expr_field official_fields[] = {
    {"has_valid_certificate", EXPR_BOOL, EXPR_AS_OF, NULL, NOLIMIT, NULL,
     "có chứng thư số còn hiệu lực vào ngày cuối kỳ",
     "holds a digital certificate valid on the period's last day"},
};

static const struct expr_word feedback_topics[] = {
    {"procedure", 1, "về quy định, thủ tục hành chính"},
    {"staff", 2, "về hành vi cán bộ, công chức"},
    NWORDS,
};

static const struct expr_field feedback_fields[] = {
    {"topic", EXPR_ENUM, EXPR_STORED, feedback_topics, NOLIMIT, NULL, "phân loại",
     "what it is about"},
    {"on_time", EXPR_BOOL, EXPR_RULE, NULL, NOLIMIT,
     "the feedback deadlines of the store (RULES.md §1.3: 2, 5, 15 working days)", "xử lý đúng hạn",
     "handled within its deadlines"},
    {"satisfied", EXPR_BOOL, EXPR_STORED, NULL, NOLIMIT, NULL, "không bị phản hồi không hài lòng",
     "not answered with dissatisfaction"},
};

#define EV(when_vi, when_en) EXPR_EVENT, when_vi, when_en
#define ST                   EXPR_STATE, "ngày cuối kỳ", "as on the period's last day"

static const struct expr_entity entities[] = {
    {"dossiers",
     EV("ngày nộp (tiếp nhận tại quầy, qua bưu chính, hoặc nộp trực tuyến)",
        "filing day: submitted online, or received at the counter or by post"),
     FIELDS(dossier_fields), "hồ sơ thủ tục hành chính", "dossiers of the one-stop shop"},
    {"residents", ST, FIELDS(resident_fields), "nhân khẩu thường trú", "residents"},
    {"households", ST, FIELDS(household_fields), "hộ gia đình", "households"},
    {"businesses", ST, FIELDS(business_fields), "doanh nghiệp, hộ kinh doanh",
     "businesses and household businesses"},
    {"villages", ST, FIELDS(village_fields), "thôn, tổ dân phố", "villages and residential groups"},
    {"teams", ST, FIELDS(team_fields), "tổ công nghệ số cộng đồng",
     "community digital technology teams"},
    {"team_members", ST, FIELDS(member_fields), "thành viên tổ công nghệ số (đang tham gia)",
     "team members (joined and not left)"},
    {"activities", EV("ngày thực hiện", "the day of the help"), FIELDS(activity_fields),
     "hoạt động hỗ trợ của tổ công nghệ số", "help given by the teams"},
    {"trainings", EV("ngày tổ chức", "the session's day"), FIELDS(training_fields),
     "buổi tập huấn kỹ năng số", "digital-skills training sessions"},
    {"campaigns", EXPR_SPAN, "thời gian diễn ra giao với kỳ", "running during the period",
     FIELDS(campaign_fields), "chiến dịch, phong trào", "campaigns"},
    {"products", ST, FIELDS(product_fields), "sản phẩm OCOP, nông sản",
     "OCOP and agricultural products"},
    {"tasks", ST, FIELDS(task_fields), "nhiệm vụ trong kế hoạch (đã giao)",
     "plan tasks (assigned)"},
    {"officials", ST, FIELDS(official_fields), "cán bộ, công chức", "officials"},
    {"feedback", EV("ngày tiếp nhận", "the day it was received"), FIELDS(feedback_fields),
     "phản ánh, kiến nghị", "feedback and complaints"},
};

/* Issue 13 item 6 and PRODUCT.md: figures a unit reports for a period. */
static const struct expr_figure figures[] = {
    {"broadband_villages", "số thôn có cáp quang băng rộng", "villages with fixed broadband"},
    {"people_4g", "số dân được phủ sóng 4G", "people covered by 4G"},
    {"people_5g", "số dân được phủ sóng 5G", "people covered by 5G"},
    {"population", "dân số (làm mẫu số cho tỷ lệ phủ sóng)",
     "population the coverage figures refer to"},
    {"officials_with_certificate", "số cán bộ có chứng thư số",
     "officials with a digital certificate"},
    {"officials_total", "tổng số cán bộ, công chức", "officials in all"},
    {"documents_online", "số văn bản gửi, nhận trên môi trường mạng", "documents exchanged online",
     true},
    {"documents_total", "tổng số văn bản gửi, nhận", "documents exchanged in all", true},
    {"infrastructure_spending", "kinh phí đầu tư hạ tầng số (đồng)",
     "spending on digital infrastructure (VND)", true},
    /* The 766 index rows xaso cannot compute (core/index766.h). */
    {"dossiers_synced", "số hồ sơ đồng bộ đúng hạn trạng thái lên Cổng DVCQG",
     "dossiers synced in real time to the national portal", true},
    {"dossiers_to_sync", "số hồ sơ phải đồng bộ lên Cổng DVCQG", "dossiers that had to be synced",
     true},
    {"communes_certified_copy", "số xã cung cấp chứng thực bản sao điện tử từ bản chính",
     "communes offering electronic certified copies"},
    {"communes_total", "số xã thuộc thẩm quyền quản lý", "communes under the unit"},
    {"dossiers_from_storage", "số hồ sơ có thành phần lấy từ kho dữ liệu cá nhân trên Cổng",
     "dossiers with a component from the national personal storage", true},
    {"dossiers_received", "số hồ sơ tiếp nhận (theo Cổng DVCQG)",
     "dossiers received (as the national portal counts them)", true},
};

const struct expr_entity *expr_entities(size_t *n)
{
	*n = sizeof entities / sizeof entities[0];
	return entities;
}

const struct expr_entity *expr_entity_find(const char *name)
{
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (!strcmp(entities[i].name, name))
			return &entities[i];
	return NULL;
}

int expr_field_index(const struct expr_entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].name, name))
			return (int)i;
	return -1;
}

const struct expr_figure *expr_figures(size_t *n)
{
	*n = sizeof figures / sizeof figures[0];
	return figures;
}

const struct expr_figure *expr_figure_find(const char *name)
{
	for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
		if (!strcmp(figures[i].name, name))
			return &figures[i];
	return NULL;
}

const char *expr_type_name(enum expr_type t)
{
	switch (t) {
	case EXPR_BOOL: return "yes/no";
	case EXPR_INT: return "number";
	case EXPR_ENUM: return "word";
	case EXPR_TEXT: return "text";
	case EXPR_DATE: return "date";
	default: return "?";
	}
}
