/*
 * indicator_builtin.c: the indicators xaso defines out of the box (issue
 * 14, item 3). Each cites where it comes from; targets and thresholds are
 * set only where a source gives a figure, and provinces change or add
 * them as configuration. The 766 index's total and six groups are
 * indicators too (index766(NAME), computed by the index itself). Formulas are checked by the unit
 * tests, so a change of vocabulary that breaks one fails the build's tests.
 */
#include <math.h>
#include <string.h>

#include "core/indicator.h"
#include "core/unit.h"

#define NONE     NAN, NAN
#define RECEIVED "status not in (submitted, refused)"

/* Resolution 76/NQ-CP: satisfaction >= 90 % and online payment of
 * procedures with fees >= 80 % by 2025 (RULES-766-2026.md §1.5). */
static const struct ind_target satisfaction_targets[] = {
    {2025, UNIT_PROVINCE, 90},
    {2025, UNIT_COMMUNE, 90},
};
static const struct ind_target cashless_targets[] = {
    {2025, UNIT_PROVINCE, 80},
    {2025, UNIT_COMMUNE, 80},
};

/* The 766 index's total and groups (core/index766.h idx_value_names):
 * full points are what the decision scores when every rate reaches the
 * period's target of Resolution 76/NQ-CP (RULES.md §1.1), so the target
 * is the maximum, for provinces only: a commune's maximum is smaller by
 * the rows for provinces only (docs/index766.md), so it has none here.
 * tests/unit/test_indicator.c checks these against the index's groups. */
#define IDX_TARGETS(name, max)                                                                     \
	static const struct ind_target name[] = {{2025, UNIT_PROVINCE, max},                       \
	                                         {2030, UNIT_PROVINCE, max}}
IDX_TARGETS(idx_total_targets, 100);
IDX_TARGETS(idx_transparency_targets, 18);
IDX_TARGETS(idx_progress_targets, 20);
IDX_TARGETS(idx_online_service_targets, 12);
IDX_TARGETS(idx_online_payment_targets, 10);
IDX_TARGETS(idx_digitisation_targets, 22);
IDX_TARGETS(idx_satisfaction_targets, 18);

#define IDX_SOURCE                                                                                                 \
	"QĐ 766/QĐ-TTg; bảng điểm của Cổng DVCQG (RULES-766-2026.md §1.1-1.2), tính như trang "      \
	"/index766 (docs/index766.md): tỉnh tính trên số liệu cộng dồn của các xã, không cộng " \
	"điểm"
#define IDX_DEF(id, vi, en, targets)                                                               \
	{                                                                                          \
		"index766_" #id, vi, en, IND_COUNT, IND_HIGHER, IDX_SOURCE, "index766(" #id ")",   \
		    NULL, targets, 2, NAN, NAN                                                     \
	}

static const struct ind_def builtin[] = {
    {"online_rate", "Tỷ lệ hồ sơ nộp trực tuyến", "Online dossier rate", IND_PERCENT, IND_HIGHER,
     "QĐ 766/QĐ-TTg, nhóm Dịch vụ công trực tuyến: tỷ lệ hồ sơ theo hình thức nộp, đạt điểm "
     "tối đa ở 50% (RULES-766-2026.md §1.2); Đắk Lắk: 'tỷ lệ hồ sơ trực tuyến trên 35%' "
     "(PRODUCT.md)",
     "count(dossiers where channel = online) / count(dossiers)", NULL, NULL, 0, 50, 35},
    {"full_online_rate", "Tỷ lệ hồ sơ trực tuyến toàn trình", "Full-process online rate",
     IND_PERCENT, IND_HIGHER,
     "QĐ 766/QĐ-TTg, bảng METRICS dòng 6: hồ sơ DVCTT toàn trình trên hồ sơ của TTHC đủ điều "
     "kiện toàn trình (RULES-766-2026.md §1.1); Kế hoạch 02-KH/BCĐTW: 25 DVCTT toàn trình",
     "count(dossiers where online_level = full and channel = online) / count(dossiers where "
     "online_level = full)",
     NULL, NULL, 0, NONE},
    {"on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn", "On-time rate", IND_PERCENT, IND_HIGHER,
     "QĐ 766/QĐ-TTg, nhóm Tiến độ giải quyết; đúng hạn theo sổ tay quy tắc (RULES.md §1.3)",
     "count(dossiers where on_time and " RECEIVED ") / count(dossiers where " RECEIVED ")", NULL,
     NULL, 0, NONE},
    {"digitised_rate", "Tỷ lệ hồ sơ được số hóa", "Digitised dossier rate", IND_PERCENT, IND_HIGHER,
     "QĐ 766/QĐ-TTg, nhóm Số hóa hồ sơ (RULES.md §1.2, mục 4.2); NĐ 61/2018 Điều 17(1): "
     "scan và lưu hồ sơ điện tử",
     "count(dossiers where digitised and " RECEIVED ") / count(dossiers where " RECEIVED ")", NULL,
     NULL, 0, NONE},
    {"cashless_rate", "Tỷ lệ thanh toán phí không dùng tiền mặt", "Cashless fee payment rate",
     IND_PERCENT, IND_HIGHER,
     "Nghị quyết 76/NQ-CP: >= 80% TTHC có nghĩa vụ tài chính được thanh toán trực tuyến "
     "(RULES-766-2026.md §1.5); QĐ 766 nhóm Thanh toán trực tuyến",
     "count(dossiers where fee_due and paid_online) / count(dossiers where fee_due and "
     "(paid_online or paid_cash))",
     NULL, cashless_targets, 2, 80, NAN},
    {"satisfaction_rate", "Tỷ lệ hài lòng", "Satisfaction rate", IND_PERCENT, IND_HIGHER,
     "Nghị quyết 76/NQ-CP: mức độ hài lòng >= 90% năm 2025 (RULES-766-2026.md §1.5); "
     "QĐ 766 nhóm Mức độ hài lòng",
     "count(dossiers where rated and satisfied) / count(dossiers where rated)", NULL,
     satisfaction_targets, 2, 90, NAN},
    {"eid_rate", "Tỷ lệ kích hoạt định danh điện tử mức 2", "E-ID activation (level 2)",
     IND_PERCENT, IND_HIGHER,
     "Đề án 06 (dữ liệu dân cư, định danh điện tử); ví dụ Ninh Sơn 94,23% (PRODUCT.md); "
     "mẫu số: người từ 14 tuổi (issue 13)",
     "count(residents where age >= 14 and eid_level = 2) / count(residents where age >= 14)", NULL,
     NULL, 0, NONE},
    {"ehealth_rate", "Tỷ lệ người dân có sổ sức khỏe điện tử", "E-health record coverage",
     IND_PERCENT, IND_HIGHER, "Đề án 06; ví dụ Ninh Sơn 69.586/91.032 người (76,44%) (PRODUCT.md)",
     "count(residents where ehealth) / count(residents)", NULL, NULL, 0, NONE},
    {"einvoice_rate", "Tỷ lệ doanh nghiệp dùng hóa đơn điện tử", "Businesses using e-invoices",
     IND_PERCENT, IND_HIGHER, "Ninh Sơn: 100% doanh nghiệp sử dụng hóa đơn điện tử (PRODUCT.md)",
     "count(businesses where einvoice) / count(businesses)", NULL, NULL, 0, 100, NAN},
    {"team_village_rate", "Tỷ lệ thôn có tổ công nghệ số cộng đồng",
     "Villages with a community digital team", IND_PERCENT, IND_HIGHER,
     "Công văn 793/BTTTT-THH (05/3/2022): mỗi thôn, tổ dân phố thành lập một tổ (RULES.md "
     "§5.3)",
     "count(villages where has_team) / count(villages)", NULL, NULL, 0, 100, NAN},
    {"members_per_village", "Số thành viên tổ công nghệ số bình quân mỗi thôn",
     "Team members per village", IND_COUNT, IND_HIGHER,
     "RULES.md §5.3: thường 4-5 thành viên mỗi thôn; Tuyên Quang: tổ thôn tối đa 5",
     "count(team_members) / count(villages)", NULL, NULL, 0, 4, NAN},
    {"help_activities", "Số lượt hỗ trợ của tổ công nghệ số trong kỳ",
     "Help activities in the period (per month on monthly views)", IND_COUNT, IND_HIGHER,
     "Issue 13 mục 3 (nhật ký hoạt động của tổ); PRODUCT.md (tổ công nghệ số cộng đồng)",
     "count(activities)", NULL, NULL, 0, NONE},
    {"training_target_rate", "Tỷ lệ lượt người dự tập huấn so với chỉ tiêu chiến dịch",
     "Training attendance against the campaigns' targets", IND_PERCENT, IND_HIGHER,
     "Issue 13 mục 4 (phong trào 'Bình dân học vụ số', 15/7-25/10/2025, 10 chỉ tiêu)",
     "sum(trainings.attendance where campaign != \"\") / sum(campaigns.target_attendance)", NULL,
     NULL, 0, 100, NAN},
    {"products_online_rate", "Tỷ lệ sản phẩm OCOP, nông sản lên sàn thương mại điện tử",
     "Products online", IND_PERCENT, IND_HIGHER,
     "PRODUCT.md: khoảng 2.000 sản phẩm của Lai Châu trên sàn thương mại điện tử",
     "count(products where online) / count(products)", NULL, NULL, 0, NONE},
    {"broadband_village_rate", "Tỷ lệ thôn có cáp quang băng rộng", "Villages with fixed broadband",
     IND_PERCENT, IND_HIGHER, "Số liệu báo cáo; PRODUCT.md: băng rộng 100% thôn",
     "reported(broadband_villages) / count(villages)", NULL, NULL, 0, 100, NAN},
    {"coverage_4g", "Tỷ lệ dân số được phủ sóng 4G", "4G population coverage", IND_PERCENT,
     IND_HIGHER, "Số liệu báo cáo; PRODUCT.md: 4G cho 99,9% dân số",
     "reported(people_4g) / reported(population)", NULL, NULL, 0, NONE},
    {"coverage_5g", "Tỷ lệ dân số được phủ sóng 5G", "5G population coverage", IND_PERCENT,
     IND_HIGHER, "Số liệu báo cáo; PRODUCT.md: 5G cho 26% dân số",
     "reported(people_5g) / reported(population)", NULL, NULL, 0, NONE},
    {"certificate_rate", "Tỷ lệ cán bộ có chứng thư số", "Officials with digital certificates",
     IND_PERCENT, IND_HIGHER,
     "Số liệu báo cáo; PRODUCT.md: mỗi cán bộ có tài khoản văn phòng điện tử, chứng thư số",
     "reported(officials_with_certificate) / reported(officials_total)", NULL, NULL, 0, 100, NAN},
    {"infrastructure_spending", "Kinh phí đầu tư hạ tầng số (đồng)",
     "Spending on digital infrastructure (VND)", IND_COUNT, IND_HIGHER,
     "Số liệu báo cáo (issue 13 mục 6)", NULL, "infrastructure_spending", NULL, 0, NONE},
    IDX_DEF(total, "Chỉ số 766: tổng điểm", "Decision 766 index: total", idx_total_targets),
    IDX_DEF(transparency, "Chỉ số 766: công khai, minh bạch", "Decision 766 index: transparency",
            idx_transparency_targets),
    IDX_DEF(progress, "Chỉ số 766: tiến độ giải quyết", "Decision 766 index: progress",
            idx_progress_targets),
    IDX_DEF(online_service, "Chỉ số 766: dịch vụ công trực tuyến",
            "Decision 766 index: online service", idx_online_service_targets),
    IDX_DEF(online_payment, "Chỉ số 766: thanh toán trực tuyến",
            "Decision 766 index: online payment", idx_online_payment_targets),
    IDX_DEF(digitisation, "Chỉ số 766: số hóa hồ sơ", "Decision 766 index: digitisation",
            idx_digitisation_targets),
    IDX_DEF(satisfaction, "Chỉ số 766: mức độ hài lòng", "Decision 766 index: satisfaction",
            idx_satisfaction_targets),
};

const struct ind_def *ind_builtin(size_t *n)
{
	*n = sizeof builtin / sizeof builtin[0];
	return builtin;
}

const struct ind_def *ind_builtin_find(const char *id)
{
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (!strcmp(builtin[i].id, id))
			return &builtin[i];
	return NULL;
}
