/*
 * The HTTP request reader (sw_http.h): streams of requests, fed the way the
 * reactor feeds them (the bytes of the current request kept, new bytes
 * appended, the buffer moved by every append), cut at every byte, one byte at
 * a time and whole, must give the same requests (method, target, version,
 * flags, body) or the same error status. Plus every malformed case the
 * server must refuse with its status, the limits (431, 413), chunked bodies,
 * and the response helpers.
 */
#define _GNU_SOURCE
#include <check.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sw_http.h"

#define FAIL_IF(cond, ...)                                                                                             \
	do {                                                                                                               \
		if (sw_unlikely(cond)) {                                                                                       \
			ck_abort_msg(__VA_ARGS__);                                                                                 \
		}                                                                                                              \
	} while (0)

static const sw_http_limits_t default_limits = {8192, 1024 * 1024};

/* ---- the simulated reactor: returns a transcript of what it read ---- */

typedef struct {
	char *text;
	size_t len, cap;
} transcript_t;

static void tr_add(transcript_t *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->text = realloc(t->text, t->cap);
	}
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
}

static void tr_printf(transcript_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tr_printf(transcript_t *t, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	tr_add(t, line, (size_t) SW_MIN(n, (int) sizeof(line) - 1));
}

/* One complete request as text: what the worker would see. */
static void record_request(transcript_t *t, const char *buf, const sw_http_reader_t *r)
{
	sw_http_request_t req;
	size_t body_len = sw_http_reader_body_len(r), i;

	FAIL_IF(sw_http_parse_head(buf + r->skip, r->head_len, &req) != SW_OK, "complete head does not parse again");
	tr_printf(t, "%.*s %.*s HTTP/%d.%d flags=%d headers=%u path=%.*s query=%s%.*s body=%zu:", (int) req.method_len,
			req.method, (int) req.uri_len, req.uri, req.version_major, req.version_minor, req.flags, req.header_count,
			(int) req.path_len, req.path, req.query ? "" : "(none)", (int) req.query_len, req.query ? req.query : "",
			body_len);
	for (i = 0; i < req.header_count; i++) {
		tr_printf(t, "[%.*s=%.*s]", (int) req.headers[i].name_len, req.headers[i].name,
				(int) req.headers[i].value_len, req.headers[i].value);
	}
	tr_add(t, "<", 1);
	tr_add(t, buf + r->skip + r->head_len, body_len);
	tr_add(t, ">\n", 2);
}

/*
 * Feeds data cut at the given offsets (ascending, inside (0, len)). Each
 * append moves the buffer to a new allocation, so a pointer kept across
 * feeds would be caught by ASan.
 */
static void run_cuts(const char *data, size_t len, const size_t *cuts, size_t ncuts, const sw_http_limits_t *lim,
		transcript_t *t)
{
	sw_http_reader_t r;
	char *acc = NULL;
	size_t alen = 0, pos = 0, k;

	sw_http_reader_init(&r);
	for (k = 0; k <= ncuts; k++) {
		size_t next = k < ncuts ? cuts[k] : len;
		char *grown = malloc(alen + (next - pos) + 1);

		if (alen > 0) {
			memcpy(grown, acc, alen);
		}
		memcpy(grown + alen, data + pos, next - pos);
		free(acc);
		acc = grown;
		alen += next - pos;
		pos = next;
		for (;;) {
			int rc = sw_http_reader_feed(&r, lim, acc, alen, NULL);

			if (rc == SW_AGAIN) {
				break;
			}
			if (rc == SW_ERR) {
				tr_printf(t, "ERROR %d\n", r.status);
				free(acc);
				return;
			}
			record_request(t, acc, &r);
			alen -= sw_http_reader_consumed(&r);
			memmove(acc, acc + sw_http_reader_consumed(&r), alen);
			sw_http_reader_init(&r);
			if (alen == 0) {
				break;
			}
		}
	}
	if (alen > 0) {
		tr_printf(t, "PARTIAL %zu\n", alen);
	}
	free(acc);
}

static char *transcript_whole(const char *data, size_t len, const sw_http_limits_t *lim)
{
	transcript_t t = {0};

	tr_add(&t, "", 0);
	run_cuts(data, len, NULL, 0, lim, &t);
	return t.text;
}

/* The same transcript for every single cut, and one byte at a time. */
static void check_all_splits(const char *data, size_t len, const sw_http_limits_t *lim, const char *expected)
{
	char *whole = transcript_whole(data, len, lim);
	size_t cut, *bytes;

	if (expected != NULL) {
		ck_assert_str_eq(whole, expected);
	}
	for (cut = 1; cut < len; cut++) {
		transcript_t t = {0};

		tr_add(&t, "", 0);
		run_cuts(data, len, &cut, 1, lim, &t);
		FAIL_IF(strcmp(t.text, whole) != 0, "cut at %zu of %zu:\n%s\nwhole:\n%s", cut, len, t.text, whole);
		free(t.text);
	}
	bytes = malloc(sizeof(size_t) * (len + 1));
	for (cut = 1; cut < len; cut++) {
		bytes[cut - 1] = cut;
	}
	{
		transcript_t t = {0};

		tr_add(&t, "", 0);
		run_cuts(data, len, bytes, len > 0 ? len - 1 : 0, lim, &t);
		FAIL_IF(strcmp(t.text, whole) != 0, "byte by byte:\n%s\nwhole:\n%s", t.text, whole);
		free(t.text);
	}
	free(bytes);
	free(whole);
}

#define S(lit) lit, sizeof(lit) - 1

/* ---- valid requests ---- */

START_TEST(test_simple_get)
{
	check_all_splits(S("GET /index.html?a=1&b=2 HTTP/1.1\r\nHost: x\r\nUser-Agent:  curl/8 \r\n\r\n"), &default_limits,
			"GET /index.html?a=1&b=2 HTTP/1.1 flags=1 headers=2 path=/index.html query=a=1&b=2 body=0:"
			"[Host=x][User-Agent=curl/8]<>\n");
}
END_TEST

START_TEST(test_http10_and_keepalive)
{
	check_all_splits(S("GET / HTTP/1.0\r\n\r\n"), &default_limits,
			"GET / HTTP/1.0 flags=0 headers=0 path=/ query=(none) body=0:<>\n");
	check_all_splits(S("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"), &default_limits,
			"GET / HTTP/1.0 flags=1 headers=1 path=/ query=(none) body=0:[Connection=Keep-Alive]<>\n");
	check_all_splits(S("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n"), &default_limits,
			"GET / HTTP/1.1 flags=0 headers=2 path=/ query=(none) body=0:[Host=a][Connection=foo, close]<>\n");
}
END_TEST

START_TEST(test_content_length_body)
{
	check_all_splits(S("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"), &default_limits,
			"POST /p HTTP/1.1 flags=9 headers=2 path=/p query=(none) body=11:[Host=h][Content-Length=11]"
			"<hello world>\n");
	/* the same value twice is one length */
	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
			&default_limits, NULL);
}
END_TEST

START_TEST(test_chunked_body)
{
	check_all_splits(S("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
					   "5\r\nhello\r\n1;ext=1\r\n \r\n00000005\r\nworld\r\nA\r\n0123456789\r\n0\r\n"
					   "Trailer-A: x\r\n\r\n"),
			&default_limits,
			"POST /c HTTP/1.1 flags=3 headers=2 path=/c query=(none) body=21:[Host=h][Transfer-Encoding=chunked]"
			"<hello world0123456789>\n");
	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n"), &default_limits,
			"POST / HTTP/1.1 flags=3 headers=2 path=/ query=(none) body=0:[Host=h][Transfer-Encoding=Chunked]<>\n");
}
END_TEST

START_TEST(test_pipelined)
{
	check_all_splits(S("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
					   "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
					   "\r\n" /* a stray empty line between requests is ignored */
					   "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
					   "GET /4?q HTTP/1.0\r\n\r\n"),
			&default_limits,
			"GET /1 HTTP/1.1 flags=1 headers=1 path=/1 query=(none) body=0:[Host=h]<>\n"
			"POST /2 HTTP/1.1 flags=9 headers=2 path=/2 query=(none) body=3:[Host=h][Content-Length=3]<abc>\n"
			"POST /3 HTTP/1.1 flags=3 headers=2 path=/3 query=(none) body=3:[Host=h][Transfer-Encoding=chunked]"
			"<xyz>\n"
			"GET /4?q HTTP/1.0 flags=0 headers=0 path=/4 query=q body=0:<>\n");
}
END_TEST

START_TEST(test_partial_is_kept)
{
	check_all_splits(S("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHo"), &default_limits,
			"GET / HTTP/1.1 flags=1 headers=1 path=/ query=(none) body=0:[Host=h]<>\nPARTIAL 22\n");
}
END_TEST

START_TEST(test_absolute_form_and_options)
{
	check_all_splits(S("GET http://example.com/a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n"), &default_limits,
			"GET http://example.com/a/b?x=1 HTTP/1.1 flags=1 headers=1 path=/a/b query=x=1 body=0:"
			"[Host=example.com]<>\n");
	check_all_splits(S("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"), &default_limits,
			"OPTIONS * HTTP/1.1 flags=1 headers=1 path=* query=(none) body=0:[Host=h]<>\n");
}
END_TEST

START_TEST(test_expect_continue)
{
	sw_http_reader_t r;
	char buf[] = "PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";

	sw_http_reader_init(&r);
	ck_assert_int_eq(sw_http_reader_feed(&r, &default_limits, buf, sizeof(buf) - 1, NULL), SW_AGAIN);
	ck_assert_int_ne(r.phase, SW_HTTP_READ_HEAD);
	ck_assert(r.flags & SW_HTTP_EXPECT_CONTINUE);
}
END_TEST

/* ---- malformed requests: each gives its status, however it is cut ---- */

static const struct {
	const char *name;
	const char *data;
	int status;
} bad_requests[] = {
	{"lower-case method", "get / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"control byte in method", "G\x01T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"method too long", "ABCDEFGHIJKLMNOPQRSTU / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"two spaces", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"no version", "GET /\r\nHost: h\r\n\r\n", 400},
	{"bad version word", "GET / HTTQ/1.1\r\nHost: h\r\n\r\n", 400},
	{"version without minor", "GET / HTTP/1\r\nHost: h\r\n\r\n", 400},
	{"version 2", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
	{"version 0.9", "GET / HTTP/0.9\r\nHost: h\r\n\r\n", 400},
	{"relative target", "GET index.html HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"no host on 1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400},
	{"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
	{"obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", 400},
	{"tab fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n\ttwo\r\n\r\n", 400},
	{"CR in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: o\rne\r\n\r\n", 400},
	{"LF in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: o\nne\r\n\r\n", 400},
	{"bare LF line ends", "GET / HTTP/1.1\nHost: h\n\n", 400},
	{"space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400},
	{"empty name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 400},
	{"CL and TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			400},
	{"TE and CL", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
			400},
	{"two different lengths", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
			400},
	{"length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc", 400},
	{"negative length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
	{"hex length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", 400},
	{"huge length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", 400},
	{"TE on 1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
	{"TE gzip", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
	{"TE chunked, identity", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n", 501},
	{"TE xchunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501},
	{"TE quoted", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 501},
	{"TE with a vertical tab", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\x0b\r\n\r\n0\r\n\r\n", 400},
	{"TE folded into the line before", "POST / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n\tTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			400},
	{"first header line starts with a space", "POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: h\r\n\r\n", 400},
	{"length with plus sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc", 400},
	{"length with an inner space", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 3\r\n\r\nabc", 400},
	{"empty length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n", 400},
	{"length 2^64 + 3", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 18446744073709551619\r\n\r\n", 400},
	{"chunk size with sign", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n+3\r\nabc\r\n0\r\n\r\n", 400},
	{"chunk size 0x", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n", 400},
	{"chunk size 2^64 + 3",
			"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000003\r\nabc\r\n0\r\n\r\n", 400},
	{"chunk extension bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\nabc\r\n0\r\n\r\n",
			400},
	{"last chunk bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\n", 400},
	{"trailer bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\n\r\n", 400},
	{"bare CR line ends", "GET / HTTP/1.1\rHost: h\r\r\n\r\n", 400},
	{"LF inside the head", "GET / HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n", 400},
	{"absolute URI without path", "GET http://h HTTP/1.1\r\nHost: h\r\n\r\n", 400},
	{"two TE", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
	{"chunk size overflow",
			"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\nx\r\n0\r\n\r\n", 400},
	{"chunk size not hex", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n0\r\n\r\n", 400},
	{"chunk size missing", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\nx\r\n0\r\n\r\n", 400},
	{"chunk without CRLF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxy\r\n0\r\n\r\n", 400},
	{"chunk size bare LF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\nx\r\n0\r\n\r\n", 400},
	{"NUL in trailer", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: \x00\r\n\r\n", 400},
	{"expect other", "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417},
	{"garbage", "\x16\x03\x01\x02\x05\x01\x01\x01\xfc\x03\x03\r\n\r\n", 400},
};

START_TEST(test_bad_request)
{
	const char *data = bad_requests[_i].data;
	size_t len = strlen(data);
	char expected[32];

	/* NUL inside a header value: strlen stops there, so those cases carry their own length. */
	if (strcmp(bad_requests[_i].name, "NUL in trailer") == 0) {
		len = strlen(data) + 5;
	}
	snprintf(expected, sizeof(expected), "ERROR %d\n", bad_requests[_i].status);
	check_all_splits(data, len, &default_limits, expected);
}
END_TEST

START_TEST(test_nul_in_header)
{
	static const char data[] = "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n\r\n";
	static const char data2[] = "GET /a\0b HTTP/1.1\r\nHost: h\r\n\r\n";
	static const char data3[] = "GET / HTTP/1.1\r\nHo\0st: h\r\n\r\n";

	check_all_splits(data, sizeof(data) - 1, &default_limits, "ERROR 400\n");
	check_all_splits(data2, sizeof(data2) - 1, &default_limits, "ERROR 400\n");
	check_all_splits(data3, sizeof(data3) - 1, &default_limits, "ERROR 400\n");
}
END_TEST

START_TEST(test_good_then_bad)
{
	/* The good request before the bad one is still read; nothing after the bad one. */
	check_all_splits(S("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n"
					   "GET /never HTTP/1.1\r\nHost: h\r\n\r\n"),
			&default_limits, "GET /ok HTTP/1.1 flags=1 headers=1 path=/ok query=(none) body=0:[Host=h]<>\nERROR 400\n");
}
END_TEST

/* ---- limits ---- */

START_TEST(test_head_too_large)
{
	sw_http_limits_t lim = {256, 1024};
	char big[1024];
	int n;

	n = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: h\r\nX-Big: %0300d\r\n\r\n", 7);
	check_all_splits(big, (size_t) n, &lim, "ERROR 431\n");
	/* a head that never ends is refused as soon as it passes the bound, not when it ends */
	n = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: h\r\nX-Big: %0300d", 7);
	check_all_splits(big, (size_t) n, &lim, "ERROR 431\n");
	/* exactly at the bound is fine */
	n = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: h\r\nX: %0*d\r\n\r\n", 256 - 32, 7);
	ck_assert_int_eq(n, 256);
	check_all_splits(big, (size_t) n, &lim, NULL);
	{
		char *t = transcript_whole(big, (size_t) n, &lim);

		ck_assert(strstr(t, "ERROR") == NULL);
		free(t);
	}
}
END_TEST

START_TEST(test_too_many_headers)
{
	char big[8192];
	int n = snprintf(big, sizeof(big), "GET / HTTP/1.1\r\nHost: h\r\n"), i;

	for (i = 0; i < SW_HTTP_MAX_HEADERS; i++) {
		n += snprintf(big + n, sizeof(big) - (size_t) n, "X%d: v\r\n", i);
	}
	n += snprintf(big + n, sizeof(big) - (size_t) n, "\r\n");
	{
		char *t = transcript_whole(big, (size_t) n, &default_limits);

		ck_assert_str_eq(t, "ERROR 431\n");
		free(t);
	}
}
END_TEST

START_TEST(test_body_too_large)
{
	sw_http_limits_t lim = {8192, 10};

	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"), &lim, "ERROR 413\n");
	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhelloworld"), &lim, NULL);
	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n"
					   "0\r\n\r\n"),
			&lim, "ERROR 413\n");
	check_all_splits(S("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n"), &lim,
			"ERROR 413\n");
}
END_TEST

/* A large chunked body, random chunk sizes: decoded exactly, linear in time. */
START_TEST(test_chunked_large_random)
{
	size_t body_len = 200000, pos = 0, n = 0;
	char *body = malloc(body_len), *enc = malloc(body_len * 2 + 1024), *expect;
	sw_http_limits_t lim = {8192, 1 << 20};
	unsigned seed = 7;
	size_t i, cuts[64];

	for (i = 0; i < body_len; i++) {
		body[i] = (char) ('a' + (i * 7 + i / 13) % 26);
	}
	n = (size_t) sprintf(enc, "POST /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
	while (pos < body_len) {
		size_t c = 1 + (size_t) (rand_r(&seed) % 5000);

		if (c > body_len - pos) {
			c = body_len - pos;
		}
		n += (size_t) sprintf(enc + n, "%zx\r\n", c);
		memcpy(enc + n, body + pos, c);
		n += c;
		memcpy(enc + n, "\r\n", 2);
		n += 2;
		pos += c;
	}
	n += (size_t) sprintf(enc + n, "0\r\n\r\n");
	for (i = 0; i < 64; i++) {
		cuts[i] = (n / 65) * (i + 1) + (size_t) (rand_r(&seed) % 50);
	}
	{
		transcript_t t = {0}, w = {0};

		tr_add(&t, "", 0);
		run_cuts(enc, n, cuts, 64, &lim, &t);
		expect = transcript_whole(enc, n, &lim);
		ck_assert_str_eq(t.text, expect);
		tr_add(&w, "", 0);
		tr_add(&w, body, body_len);
		ck_assert(strstr(expect, w.text) != NULL);
		free(t.text);
		free(w.text);
		free(expect);
	}
	free(body);
	free(enc);
}
END_TEST

/* ---- response helpers ---- */

START_TEST(test_response_helpers)
{
	char buf[512], date[32];
	size_t n;

	ck_assert_str_eq(sw_http_reason(431), "Request Header Fields Too Large");
	ck_assert_str_eq(sw_http_reason(799), "Unknown");
	n = sw_http_error_response(400, buf, sizeof(buf));
	ck_assert(n > 0);
	ck_assert(strncmp(buf, "HTTP/1.1 400 Bad Request\r\n", 26) == 0);
	ck_assert(strstr(buf, "Connection: close\r\n") != NULL);
	ck_assert(strstr(buf, "Content-Length: 12\r\n") != NULL);
	ck_assert(strcmp(buf + n - 16, "\r\n\r\nBad Request\n") == 0);
	ck_assert_uint_eq(sw_http_error_response(400, buf, 20), 0);
	ck_assert_str_eq(sw_http_date(784111777, date), "Sun, 06 Nov 1994 08:49:37 GMT");
	ck_assert_int_eq(sw_http_parse_date(S("Sun, 06 Nov 1994 08:49:37 GMT")), 784111777);
	ck_assert_int_eq(sw_http_parse_date(S("yesterday")), -1);
	ck_assert_str_eq(sw_http_mime_type(S("/a/b.HTML")), "text/html");
	ck_assert_str_eq(sw_http_mime_type(S("/a.b/c")), "application/octet-stream");
	ck_assert_str_eq(sw_http_mime_type(S("x.css")), "text/css");
	strcpy(buf, "a%20b+c%2e%2E%zz%4");
	n = sw_http_url_decode(buf, strlen(buf), true);
	ck_assert_int_eq((int) n, 12);
	ck_assert(memcmp(buf, "a b c..%zz%4", 12) == 0);
}
END_TEST

START_TEST(test_static_resolve)
{
	char root[] = "/tmp/swhttp-unit-XXXXXX", path[4200], real[4096];
	sw_http_static_config_t cfg = {0};
	sw_http_static_file_t f;
	const char *index[] = {"index.html"};
	const char *loc[] = {"/static/"};
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(root));
	ck_assert_ptr_nonnull(realpath(root, real));
	snprintf(path, sizeof(path), "%s/a.txt", real);
	fp = fopen(path, "w");
	fputs("hello", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/d", real);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/d/index.html", real);
	fp = fopen(path, "w");
	fputs("<p>", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/out", real);
	ck_assert_int_eq(symlink("/etc/hostname", path), 0);
	cfg.document_root = real;
	cfg.root_len = strlen(real);
	cfg.index_files = index;
	cfg.index_count = 1;

	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/a.txt"), &f), SW_HTTP_STATIC_FILE);
	ck_assert_int_eq((int) f.size, 5);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/%61.txt"), &f), SW_HTTP_STATIC_FILE);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/d/"), &f), SW_HTTP_STATIC_FILE);
	ck_assert(strstr(f.path, "/d/index.html") != NULL);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/missing"), &f), SW_HTTP_STATIC_NONE);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/../etc/passwd"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 403);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/%2e%2e/etc/passwd"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 403);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/d/%2E%2E/%2e%2e/x"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 403);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/a.txt%00.php"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 400);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/out"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 403);
	cfg.locations = loc;
	cfg.location_count = 1;
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/a.txt"), &f), SW_HTTP_STATIC_NONE);
	ck_assert_int_eq(sw_http_static_resolve(&cfg, S("/static/none"), &f), SW_HTTP_STATIC_ERROR);
	ck_assert_int_eq(f.status, 404);

	snprintf(path, sizeof(path), "rm -rf '%s'", real);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

/* ---- multipart ---- */

static int mp_on_part(void *ctx, const sw_multipart_part_t *part)
{
	transcript_t *t = ctx;

	tr_printf(t, "[part name=%.*s file=%s%.*s type=%.*s]", (int) part->name_len, part->name,
			part->filename ? "" : "(none)", (int) part->filename_len, part->filename ? part->filename : "",
			(int) part->content_type_len, part->content_type ? part->content_type : "");
	return 0;
}

static int mp_on_data(void *ctx, const char *data, size_t len)
{
	tr_add(ctx, data, len);
	return 0;
}

static int mp_on_end(void *ctx)
{
	tr_add(ctx, "[end]", 5);
	return 0;
}

static const sw_multipart_callbacks_t mp_cb = {mp_on_part, mp_on_data, mp_on_end};

static char *mp_run(const char *ct, const char *body, size_t len, const size_t *cuts, size_t ncuts)
{
	sw_multipart_t *m = malloc(sizeof(*m));
	transcript_t t = {0};
	size_t pos = 0, k;
	int rc = SW_OK;

	tr_add(&t, "", 0);
	if (sw_multipart_init(m, ct, strlen(ct), &mp_cb, &t) != SW_OK) {
		tr_add(&t, "INIT ERROR", 10);
		free(m);
		return t.text;
	}
	for (k = 0; k <= ncuts && rc == SW_OK; k++) {
		size_t next = k < ncuts ? cuts[k] : len;
		/* each piece in its own allocation: a pointer kept across feeds would be caught */
		char *piece = malloc(next - pos + 1);

		memcpy(piece, body + pos, next - pos);
		rc = sw_multipart_feed(m, piece, next - pos);
		free(piece);
		pos = next;
	}
	if (rc != SW_OK || sw_multipart_finish(m) != SW_OK) {
		tr_add(&t, "ERROR", 5);
	}
	free(m);
	return t.text;
}

static void mp_check_splits(const char *ct, const char *body, size_t len, const char *expected)
{
	char *whole = mp_run(ct, body, len, NULL, 0);
	size_t cut, *bytes = malloc(sizeof(size_t) * (len + 1));

	ck_assert_str_eq(whole, expected);
	for (cut = 1; cut < len; cut++) {
		char *t = mp_run(ct, body, len, &cut, 1);

		FAIL_IF(strcmp(t, whole) != 0, "multipart cut at %zu:\n%s\nwhole:\n%s", cut, t, whole);
		free(t);
		bytes[cut - 1] = cut;
	}
	{
		char *t = mp_run(ct, body, len, bytes, len - 1);

		FAIL_IF(strcmp(t, whole) != 0, "multipart byte by byte:\n%s\nwhole:\n%s", t, whole);
		free(t);
	}
	free(bytes);
	free(whole);
}

START_TEST(test_multipart_splits)
{
	static const char body[] = "ignored preamble\r\n"
							   "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n"
							   "--XyZ\r\ncontent-disposition: form-data; name=\"f\"; filename=\"x;y.txt\"\r\n"
							   "Content-Type: text/plain\r\n\r\nline1\r\n--XyNot\r\n\r\r\n-\r\n--XyZ"
							   " \r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--XyZ--\r\nepilogue";

	mp_check_splits("multipart/form-data; boundary=XyZ", body, sizeof(body) - 1,
			"[part name=a file=(none) type=]value[end]"
			"[part name=f file=x;y.txt type=text/plain]line1\r\n--XyNot\r\n\r\r\n-[end]"
			"[part name=e file=(none) type=][end]");
	/* a quoted boundary, followed by another parameter */
	mp_check_splits("multipart/form-data; boundary=\"XyZ\"; charset=utf-8", body, sizeof(body) - 1,
			"[part name=a file=(none) type=]value[end]"
			"[part name=f file=x;y.txt type=text/plain]line1\r\n--XyNot\r\n\r\r\n-[end]"
			"[part name=e file=(none) type=][end]");
}
END_TEST

START_TEST(test_multipart_malformed)
{
	char *t;

	t = mp_run("multipart/form-data", "x", 1, NULL, 0);
	ck_assert_str_eq(t, "INIT ERROR");
	free(t);
	/* no closing boundary */
	t = mp_run("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", 42, NULL,
			0);
	ck_assert(strstr(t, "ERROR") != NULL);
	free(t);
	/* a part without Content-Disposition */
	t = mp_run("multipart/form-data; boundary=b", "--b\r\nX: y\r\n\r\nv\r\n--b--", 21, NULL, 0);
	ck_assert(strstr(t, "ERROR") != NULL);
	free(t);
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("http_parser");
	TCase *good = tcase_create("valid");
	TCase *bad = tcase_create("malformed");
	TCase *limits = tcase_create("limits");
	TCase *resp = tcase_create("responses");

	tcase_set_timeout(good, 60);
	tcase_add_test(good, test_simple_get);
	tcase_add_test(good, test_http10_and_keepalive);
	tcase_add_test(good, test_content_length_body);
	tcase_add_test(good, test_chunked_body);
	tcase_add_test(good, test_pipelined);
	tcase_add_test(good, test_partial_is_kept);
	tcase_add_test(good, test_absolute_form_and_options);
	tcase_add_test(good, test_expect_continue);
	suite_add_tcase(s, good);

	tcase_set_timeout(bad, 60);
	tcase_add_loop_test(bad, test_bad_request, 0, (int) (sizeof(bad_requests) / sizeof(bad_requests[0])));
	tcase_add_test(bad, test_nul_in_header);
	tcase_add_test(bad, test_good_then_bad);
	suite_add_tcase(s, bad);

	tcase_set_timeout(limits, 60);
	tcase_add_test(limits, test_head_too_large);
	tcase_add_test(limits, test_too_many_headers);
	tcase_add_test(limits, test_body_too_large);
	tcase_add_test(limits, test_chunked_large_random);
	suite_add_tcase(s, limits);

	tcase_add_test(resp, test_response_helpers);
	tcase_add_test(resp, test_static_resolve);
	tcase_add_test(resp, test_multipart_splits);
	tcase_add_test(resp, test_multipart_malformed);
	suite_add_tcase(s, resp);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(http_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
