/*
 * Pieces of HTTP responses the reactor threads and the workers both need:
 * reason phrases, the Date header, canned error responses, content types,
 * URL decoding and the mapping of a request path to a static file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_http.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *sw_http_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 101: return "Switching Protocols";
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 203: return "Non-Authoritative Information";
	case 204: return "No Content";
	case 205: return "Reset Content";
	case 206: return "Partial Content";
	case 300: return "Multiple Choices";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 416: return "Range Not Satisfiable";
	case 417: return "Expectation Failed";
	case 418: return "I'm a teapot";
	case 421: return "Misdirected Request";
	case 422: return "Unprocessable Content";
	case 425: return "Too Early";
	case 426: return "Upgrade Required";
	case 428: return "Precondition Required";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 451: return "Unavailable For Legal Reasons";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char *sw_http_date(time_t t, char buf[32])
{
	/* One formatting per second per thread: the reactor threads and workers all call this per response. */
	static __thread time_t cached_t = -1;
	static __thread char cached[32];

	if (t != cached_t) {
		struct tm tm;

		gmtime_r(&t, &tm);
		snprintf(cached, sizeof(cached), "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[tm.tm_wday], tm.tm_mday,
				months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		cached_t = t;
	}
	memcpy(buf, cached, 32);
	return buf;
}

time_t sw_http_parse_date(const char *s, size_t len)
{
	char tmp[64], mon[4], wday[4];
	struct tm tm;
	int i, day, year, h, m, sec;

	if (len >= sizeof(tmp)) {
		return -1;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (sscanf(tmp, "%3s, %2d %3s %4d %2d:%2d:%2d GMT", wday, &day, mon, &year, &h, &m, &sec) != 7) {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	for (i = 0; i < 12; i++) {
		if (strcmp(mon, months[i]) == 0) {
			break;
		}
	}
	if (i == 12) {
		return -1;
	}
	tm.tm_mon = i;
	tm.tm_mday = day;
	tm.tm_year = year - 1900;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	return timegm(&tm);
}

size_t sw_http_error_response(int status, char *buf, size_t size)
{
	char date[32];
	const char *reason = sw_http_reason(status);
	int body_len = (int) strlen(reason) + 1;
	int n;

	n = snprintf(buf, size,
			"HTTP/1.1 %d %s\r\nServer: swoole-http-server\r\nDate: %s\r\nContent-Type: text/plain\r\n"
			"Content-Length: %d\r\nConnection: close\r\n\r\n%s\n",
			status, reason, sw_http_date(time(NULL), date), body_len, reason);
	if (n < 0 || (size_t) n >= size) {
		return 0;
	}
	return (size_t) n;
}

static const struct {
	const char *ext;
	const char *type;
} mime_types[] = {
	{"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "text/javascript"},
	{"mjs", "text/javascript"}, {"json", "application/json"}, {"txt", "text/plain"}, {"xml", "application/xml"},
	{"csv", "text/csv"}, {"md", "text/markdown"}, {"png", "image/png"}, {"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"}, {"gif", "image/gif"}, {"svg", "image/svg+xml"}, {"ico", "image/x-icon"},
	{"webp", "image/webp"}, {"avif", "image/avif"}, {"bmp", "image/bmp"}, {"woff", "font/woff"},
	{"woff2", "font/woff2"}, {"ttf", "font/ttf"}, {"otf", "font/otf"}, {"pdf", "application/pdf"},
	{"zip", "application/zip"}, {"gz", "application/gzip"}, {"tar", "application/x-tar"},
	{"wasm", "application/wasm"}, {"mp3", "audio/mpeg"}, {"ogg", "audio/ogg"}, {"wav", "audio/wav"},
	{"mp4", "video/mp4"}, {"webm", "video/webm"}, {"mpeg", "video/mpeg"},
};

const char *sw_http_mime_type(const char *path, size_t len)
{
	size_t i, dot = len;

	while (dot > 0 && path[dot - 1] != '.' && path[dot - 1] != '/') {
		dot--;
	}
	if (dot == 0 || path[dot - 1] != '.') {
		return "application/octet-stream";
	}
	for (i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++) {
		if (strlen(mime_types[i].ext) == len - dot && strncasecmp(mime_types[i].ext, path + dot, len - dot) == 0) {
			return mime_types[i].type;
		}
	}
	return "application/octet-stream";
}

static inline int hexval(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

size_t sw_http_url_decode(char *s, size_t len, bool plus_space)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			s[o++] = (char) (hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '+' && plus_space) {
			s[o++] = ' ';
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

static bool has_dotdot_segment(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && p[i] != '/') {
			i++;
		}
		if (i - start == 2 && p[start] == '.' && p[start + 1] == '.') {
			return true;
		}
		i++;
	}
	return false;
}

static bool location_matches(const sw_http_static_config_t *cfg, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < cfg->location_count; i++) {
		size_t n = strlen(cfg->locations[i]);

		if (n <= len && memcmp(cfg->locations[i], path, n) == 0) {
			return true;
		}
	}
	return false;
}

/* The file's real path must stay under the root: a symlink may point anywhere. */
static int check_inside(const sw_http_static_config_t *cfg, const char *candidate, sw_http_static_file_t *out)
{
	char real[PATH_MAX];
	struct stat st;

	if (realpath(candidate, real) == NULL) {
		return errno == ENOENT || errno == ENOTDIR ? 404 : 403;
	}
	if (strncmp(real, cfg->document_root, cfg->root_len) != 0 ||
			(real[cfg->root_len] != '/' && real[cfg->root_len] != '\0')) {
		return 403;
	}
	if (stat(real, &st) != 0) {
		return 404;
	}
	if (S_ISDIR(st.st_mode)) {
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		return 403;
	}
	snprintf(out->path, sizeof(out->path), "%s", real);
	out->size = st.st_size;
	out->mtime = st.st_mtime;
	return 0;
}

int sw_http_static_resolve(const sw_http_static_config_t *cfg, const char *path, size_t len,
		sw_http_static_file_t *out)
{
	char decoded[4096], candidate[PATH_MAX];
	bool located;
	size_t n, i;
	int rc;

	out->status = 0;
	if (cfg->document_root == NULL || len == 0 || path[0] != '/' || len >= sizeof(decoded)) {
		return SW_HTTP_STATIC_NONE;
	}
	memcpy(decoded, path, len);
	n = sw_http_url_decode(decoded, len, false);
	located = cfg->location_count > 0 && location_matches(cfg, decoded, n);
	if (cfg->location_count > 0 && !located) {
		return SW_HTTP_STATIC_NONE;
	}
	if (memchr(decoded, '\0', n) != NULL) {
		out->status = 400;
		return SW_HTTP_STATIC_ERROR;
	}
	if (has_dotdot_segment(decoded, n) || memchr(decoded, '\\', n) != NULL) {
		out->status = 403;
		return SW_HTTP_STATIC_ERROR;
	}
	decoded[n] = '\0';
	if (snprintf(candidate, sizeof(candidate), "%s%s", cfg->document_root, decoded) >= (int) sizeof(candidate)) {
		out->status = 400;
		return SW_HTTP_STATIC_ERROR;
	}
	rc = check_inside(cfg, candidate, out);
	if (rc == -1) {
		/* A directory: its index file, if one is configured and there. */
		for (i = 0; i < cfg->index_count; i++) {
			char index[PATH_MAX];

			if (snprintf(index, sizeof(index), "%s%s%s", candidate, decoded[n - 1] == '/' ? "" : "/",
						cfg->index_files[i]) >= (int) sizeof(index)) {
				continue;
			}
			rc = check_inside(cfg, index, out);
			if (rc == 0) {
				return SW_HTTP_STATIC_FILE;
			}
			if (rc == 403) {
				break;
			}
		}
		rc = rc == 403 ? 403 : 404;
	}
	if (rc == 0) {
		return SW_HTTP_STATIC_FILE;
	}
	if (rc == 404 && !located) {
		return SW_HTTP_STATIC_NONE; /* no such file: the application answers */
	}
	out->status = rc;
	return SW_HTTP_STATIC_ERROR;
}
