/*
 * The HTTP/1.x request-line and header-field lexer. This .re file is the
 * source: re2c turns it into http_lexer.c, which is committed so that a build
 * without re2c works (Makefile.frag regenerates it when re2c is installed).
 *
 *   re2c -W -i --no-generation-date --no-version -o src/protocol/http_lexer.c src/protocol/http_lexer.re
 *
 * Each function lexes one line. Reads never pass `end`: YYPEEK yields 0
 * there, and a NUL can never be part of a valid line, so running off the end
 * is a malformed line like any other.
 */
#include "sw_http.h"

#include <stddef.h>

/*!re2c
	re2c:api = custom;
	re2c:api:style = free-form;
	re2c:define:YYCTYPE = "unsigned char";
	re2c:define:YYPEEK = "(cur < end ? (unsigned char) *cur : 0)";
	re2c:define:YYSKIP = "++cur;";
	re2c:define:YYBACKUP = "mar = cur;";
	re2c:define:YYRESTORE = "cur = mar;";
	re2c:define:YYSTAGP = "@@{tag} = cur;";
	re2c:define:YYSTAGN = "@@{tag} = NULL;";
	re2c:define:YYSHIFTSTAG = "@@{tag} += @@{shift};";
	re2c:yyfill:enable = 0;
	re2c:tags = 1;

	tchar   = [!#$%&'*+.^_`|~0-9A-Za-z-];
	token   = tchar+;
	method  = [A-Z_-]+;
	target  = [\x21-\x7e]+;
	digit   = [0-9];
	vchar   = [\x21-\x7e\x80-\xff \t];
	crlf    = "\r\n";
*/

const char *sw_http_lex_request_line(const char *p, const char *end, sw_http_request_t *req)
{
	const char *cur = p, *mar = NULL;
	const char *m1, *u0, *u1, *v0;
	/*!stags:re2c format = "const char *@@ __attribute__((unused)) = NULL;\n\t"; */

	(void) mar;
	/*!re2c
		method @m1 " " @u0 target @u1 " HTTP/" @v0 digit "." digit crlf {
			if (m1 - p > 20) {
				return NULL;
			}
			req->method = p;
			req->method_len = (uint32_t) (m1 - p);
			req->uri = u0;
			req->uri_len = (uint32_t) (u1 - u0);
			req->version_major = (uint8_t) (v0[0] - '0');
			req->version_minor = (uint8_t) (v0[2] - '0');
			return cur;
		}
		* { return NULL; }
	*/
}

const char *sw_http_lex_header(const char *p, const char *end, sw_http_header_t *h)
{
	const char *cur = p, *mar = NULL;
	const char *n1, *v0, *v1;
	/*!stags:re2c format = "const char *@@ __attribute__((unused)) = NULL;\n\t"; */

	(void) mar;
	/*!re2c
		crlf {
			h->name = NULL;
			h->name_len = 0;
			h->value = NULL;
			h->value_len = 0;
			return cur;
		}
		token @n1 ":" @v0 vchar* @v1 crlf {
			/* Optional whitespace around the value is not part of it. */
			while (v0 < v1 && (*v0 == ' ' || *v0 == '\t')) {
				v0++;
			}
			while (v1 > v0 && (v1[-1] == ' ' || v1[-1] == '\t')) {
				v1--;
			}
			h->name = p;
			h->name_len = (uint32_t) (n1 - p);
			h->value = v0;
			h->value_len = (uint32_t) (v1 - v0);
			return cur;
		}
		* { return NULL; }
	*/
}
