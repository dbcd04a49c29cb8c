/* messages.h — the texts that must exist in both languages at once.
 *
 * Most of the program's prose is gettext (`_()`, po/vi.po), rendered in
 * the one language of the session by a presentation file. A few texts
 * travel instead: a problem found in a record is stored with both its
 * Vietnamese and its English message (struct problem's `msg`), because
 * the record, its validation and the province's report may each be read
 * in either language, on another machine. Those texts live here, in one
 * table, and nowhere else: no Vietnamese/English literal pairs in C.
 *
 * The table is an X-macro in the manner of tig's STATUS_CODE_INFO:
 *
 *     MSG(code, "Vietnamese printf format", "English printf format")
 *
 * Both formats of a row take the same arguments in the same order (a
 * unit test checks their conversions match). Rows are grouped by the
 * module that raises them, one block each, so that engineers adding rows
 * do not touch each other's lines. A code's name is stable: tests and
 * other modules refer to it; its wording may change (then po/ does not,
 * since these texts are not gettext messages).
 *
 * Use: problems_msg() in model/validate.h formats a row into a problem;
 * msg_format() gives one language; msg_vi()/msg_en() the raw formats.
 */
#ifndef SAPXEP_MESSAGES_H
#define SAPXEP_MESSAGES_H

#include "core/i18n.h"

/* --- the model: a record against its form (model/validate.c) --------- */
#define MSG_TABLE_MODEL(MSG) \
	MSG(M_CONTROLS, \
	    "Có ký tự điều khiển hoặc xuống dòng không hợp lệ; hãy gõ lại", \
	    "Contains control characters or line breaks; retype the text") \
	MSG(M_TOO_LONG, \
	    "Dài %zu ký tự, tối đa %ld", "%zu characters long, at most %ld") \
	MSG(M_LESS_THAN_FIELD, \
	    "Không được nhỏ hơn %s (%s)", "Must not be less than %s (%s)") \
	MSG(M_MORE_THAN_FIELD, \
	    "Không được lớn hơn %s (%s)", "Must not be more than %s (%s)") \
	MSG(M_LESS_THAN, "Không được nhỏ hơn %s", "Must not be less than %s") \
	MSG(M_MORE_THAN, "Không được lớn hơn %s", "Must not be more than %s") \
	MSG(M_BEFORE_DATE, "Không được trước ngày %s", "Must not be before %s") \
	MSG(M_AFTER_DATE, "Không được sau ngày %s", "Must not be after %s") \
	MSG(M_NOT_A_CHOICE, \
	    "'%s' không có trong danh sách lựa chọn", \
	    "'%s' is not one of the choices") \
	MSG(M_CHOICE_NOT_FOR, \
	    "'%s' không áp dụng cho %s", "'%s' does not apply to %s") \
	MSG(M_REF_GONE, \
	    "Bản ghi được chọn không còn (%.8s)", \
	    "The chosen record no longer exists (%.8s)") \
	MSG(M_REF_SELF, \
	    "Không được chọn chính bản ghi này", \
	    "A record cannot refer to itself") \
	MSG(M_REQUIRED, "Chưa nhập (bắt buộc)", "Required") \
	MSG(M_WRONG_KIND, "Sai kiểu giá trị", "Wrong kind of value") \
	MSG(M_AT_LEAST, "Cần chọn ít nhất %ld", "Choose at least %ld") \
	MSG(M_AT_MOST, "Chỉ được chọn tối đa %ld", "Choose at most %ld") \
	MSG(M_CHOSEN_TWICE, \
	    "Chọn trùng một mục hai lần", "The same item is chosen twice") \
	MSG(M_CONFLICT_FIELD, \
	    "Hai máy lưu hai giá trị khác nhau, hãy chọn: %s", \
	    "Two machines saved different values; choose one: %s") \
	MSG(M_CONFLICT_RECORD, \
	    "Bản ghi bị sửa ở một máy và bị xóa ở máy khác, hãy chọn: %s", \
	    "Edited on one machine and deleted on another; choose: %s") \
	MSG(M_VERSION_EMPTY, "(trống)", "(empty)") \
	MSG(M_VERSION_DELETED, "đã xóa", "deleted") \
	MSG(M_VERSION_EDITED, "đã sửa", "edited") \
	MSG(M_UNKNOWN_FIELD, \
	    "Trường '%s' không có trong mẫu %s; giá trị được giữ nguyên", \
	    "Field '%s' is not in form %s; its value is kept as it is")

/* --- hamlets and merger proposals (domain/hamlet*.c, merger_check.c) --- */
#define MSG_TABLE_HAMLET(MSG) \
	MSG(M_CONSULT_SHORT, \
	    "Lấy ý kiến Nhân dân %ld ngày, ít nhất phải %ld ngày (%s, %s)", \
	    "The consultation lasted %ld days, at least %ld are required (%s, %s)") \
	MSG(M_RESOLUTION_EARLY, \
	    "Nghị quyết ngày %s, trước khi kết thúc lấy ý kiến Nhân dân (%s)", \
	    "The resolution of %s predates the end of the consultation (%s)") \
	MSG(M_DEPARTURE_UNEXPLAINED, \
	    "Quyết định khác ý kiến đa số (%ld/%ld hộ đồng ý) nhưng chưa có giải trình (%s, %s)", \
	    "The decision departs from the majority's opinion (%ld of %ld households in favour) without an explanation (%s, %s)")

/* --- the staff plan (domain/staff*.c) ---------------------------------- */
#define MSG_TABLE_STAFF(MSG)

#define MSG_TABLE(MSG) \
	MSG_TABLE_MODEL(MSG) \
	MSG_TABLE_HAMLET(MSG) \
	MSG_TABLE_STAFF(MSG)

enum msg {
#define MSG_ENUM(code, vi, en) code,
	MSG_TABLE(MSG_ENUM)
#undef MSG_ENUM
	MSG_COUNT
};

/* The raw printf formats of a row; static strings, never NULL. */
const char *msg_vi(enum msg m);
const char *msg_en(enum msg m);
/* The format in language l. */
const char *msg_fmt(enum msg m, enum lang l);
/* The code's name ("M_REQUIRED"), for tests and diagnostics. */
const char *msg_name(enum msg m);
/* The row formatted in language l with the arguments that follow; owned. */
char *msg_format(enum msg m, enum lang l, ...);

#endif
