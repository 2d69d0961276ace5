/*
 * i18n.c: the message catalogue. Vietnamese is the default; English is
 * chosen by ?lang=en or Accept-Language. Keys are stable identifiers.
 */
#include <pthread.h>
#include <string.h>

#include "web/i18n.h"
#include "web/page.h"

/* Sorted by key (checked by the unit test of the catalogue). */
static const struct message i18n_core[] = {
    {"app.name", "xaso — Xã số", "xaso — Digital commune"},
    {"app.tagline", "Dịch vụ công của xã, phường và theo dõi chuyển đổi số",
     "Public services of communes and wards, and digital-transformation monitoring"},
    {"form.body", "Biểu mẫu", "The form"},
    {"form.field", "Trường", "Field"},
    {"form.too_long", "giá trị quá dài.", "the value is too long."},
    {"form.unreadable", "không đọc được: cần văn bản UTF-8, không có ký tự NUL. Vui lòng nhập lại.",
     "cannot be read: it must be UTF-8 text without NUL characters. Please type it again."},
    {"nav.api", "API", "API"},
    {"nav.home", "Trang chủ", "Home"},
    {"nav.lang_other", "English", "Tiếng Việt"},
    {"nav.login", "Đăng nhập", "Sign in"},
    {"nav.logout", "Đăng xuất", "Sign out"},
    {"search.button", "Tìm", "Search"},
    {"search.label", "Tìm tỉnh, xã, phường", "Find a province, commune or ward"},
    {"search.none", "Không tìm thấy đơn vị nào.", "No unit found."},
    {"search.results", "Kết quả tìm kiếm", "Search results"},
    {"unit.children", "Đơn vị trực thuộc", "Units under it"},
    {"unit.code", "Mã", "Code"},
    {"unit.communes", "Xã, phường, đặc khu", "Communes, wards and special zones"},
    {"unit.count", "Số đơn vị", "Number of units"},
    {"unit.name", "Tên", "Name"},
    {"unit.no_villages", "Chưa có thôn, tổ dân phố nào. Nhập bằng: xaso import villages TỆP",
     "No villages yet. Import them with: xaso import villages FILE"},
    {"unit.provinces", "Tỉnh, thành phố", "Provinces and cities"},
    {"unit.type", "Loại", "Type"},
    {"unit.villages", "Thôn, bản, tổ dân phố", "Villages and residential groups"},
    {NULL, NULL, NULL},
};

extern const struct message i18n_account[];
extern const struct message i18n_dossier[];
extern const struct message i18n_office[];
extern const struct message i18n_citizen[];
extern const struct message i18n_release[];
extern const struct message i18n_digital[];
extern const struct message i18n_pay[];
extern const struct message i18n_reconcile[];
extern const struct message i18n_sign[];
extern const struct message i18n_index766[];
extern const struct message i18n_monitor[];

const struct message *const i18n_catalogues[] = {
    i18n_core,     i18n_account, i18n_dossier, i18n_office,    i18n_citizen,
    i18n_release,  i18n_digital, i18n_pay,     i18n_reconcile, i18n_sign,
    i18n_index766, i18n_monitor, NULL,
};

/* The catalogues, without the closing NULL. */
enum { NCATALOGUES = sizeof i18n_catalogues / sizeof i18n_catalogues[0] - 1 };
static size_t lengths[NCATALOGUES];
static pthread_once_t lengths_once = PTHREAD_ONCE_INIT;

/* The catalogues are constant: their lengths are counted once. */
static void count_lengths(void)
{
	for (int c = 0; c < NCATALOGUES; c++)
		while (i18n_catalogues[c][lengths[c]].key)
			lengths[c]++;
}

static const struct message *lookup(const struct message *cat, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(key, cat[mid].key);
		if (c == 0)
			return &cat[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *tr(const struct req *r, const char *key)
{
	pthread_once(&lengths_once, count_lengths);
	for (int c = 0; c < NCATALOGUES; c++) {
		const struct message *m = lookup(i18n_catalogues[c], lengths[c], key);
		if (m)
			return r && r->lang && !strcmp(r->lang, "en") ? m->en : m->vi;
	}
	return key;
}
