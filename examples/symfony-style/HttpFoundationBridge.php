<?php
/*
 * Turns a Swoole\Http\Request into a Symfony HttpFoundation Request, and a
 * HttpFoundation Response back into calls on the Swoole\Http\Response.
 *
 * This lives in the example, not in the extension: the extension knows
 * nothing of frameworks. The Laravel-style example reuses it, since
 * Illuminate\Http\Request and its responses are HttpFoundation classes.
 *
 * What travels:
 *   request:  method, path and query (REQUEST_URI), headers (as HTTP_* server
 *             params, CONTENT_TYPE, CONTENT_LENGTH), the connection's addresses,
 *             request times, query ($request->get), parsed body ($request->post),
 *             cookies, uploaded files ($_FILES shape: HttpFoundation checks them
 *             with is_uploaded_file(), which the server's uploads satisfy), and
 *             the raw body (for JSON and other content types).
 *   response: status and reason, headers (Set-Cookie through the Cookie
 *             objects), the body; a StreamedResponse is written chunk by chunk
 *             as the callback produces output; a BinaryFileResponse goes out
 *             with sendfile() (its range, when the request asked for one).
 */

use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\StreamedResponse;

final class HttpFoundationBridge
{
	/**
	 * The $_SERVER-like array PHP's SAPIs would give for this request.
	 */
	public static function serverParams(Swoole\Http\Request $req): array
	{
		$s = (array) $req->server;
		$uri = $s['request_uri'] ?? '/';
		$query = $s['query_string'] ?? '';
		$server = [
			'REQUEST_METHOD' => $s['request_method'] ?? 'GET',
			'REQUEST_URI' => $query === '' ? $uri : "$uri?$query",
			'QUERY_STRING' => $query,
			'PATH_INFO' => $s['path_info'] ?? $uri,
			'SCRIPT_NAME' => '',
			'SCRIPT_FILENAME' => '',
			'PHP_SELF' => '',
			'SERVER_PROTOCOL' => $s['server_protocol'] ?? 'HTTP/1.1',
			'SERVER_SOFTWARE' => 'swoole/' . swoole_version(),
			'SERVER_ADDR' => '127.0.0.1',
			'SERVER_PORT' => $s['server_port'] ?? 80,
			'REMOTE_ADDR' => $s['remote_addr'] ?? '127.0.0.1',
			'REMOTE_PORT' => $s['remote_port'] ?? 0,
			'REQUEST_TIME' => $s['request_time'] ?? time(),
			'REQUEST_TIME_FLOAT' => $s['request_time_float'] ?? microtime(true),
		];
		foreach ((array) $req->header as $name => $value) {
			$key = strtoupper(str_replace('-', '_', $name));
			if ($key === 'CONTENT_TYPE' || $key === 'CONTENT_LENGTH') {
				$server[$key] = $value;
			} else {
				$server['HTTP_' . $key] = $value;
			}
		}
		if (isset($server['HTTP_HOST'])) {
			$server['SERVER_NAME'] = explode(':', $server['HTTP_HOST'])[0];
		}
		return $server;
	}

	/**
	 * A new Request of $class (Symfony's, or a subclass such as Illuminate's).
	 */
	public static function toRequest(Swoole\Http\Request $req, string $class = Request::class): Request
	{
		$content = $req->rawContent();
		return new $class(
			(array) $req->get,
			(array) $req->post,
			[],
			(array) $req->cookie,
			(array) $req->files,
			self::serverParams($req),
			$content === false ? '' : $content
		);
	}

	/**
	 * Sends $response through $out. $request is the one it answers (for the
	 * range of a file response). Returns the status sent.
	 */
	public static function emit(Response $response, Swoole\Http\Response $out, ?Request $request = null): int
	{
		$status = $response->getStatusCode();
		$out->status($status);
		foreach ($response->headers->allPreserveCaseWithoutCookies() as $name => $values) {
			/* the server frames the body itself: a length or coding set here would be ignored */
			if (strcasecmp($name, 'Content-Length') === 0 || strcasecmp($name, 'Transfer-Encoding') === 0) {
				continue;
			}
			/* one header line per value would be better; Swoole joins a list with ", ", which
			 * is right for every list-valued field a response carries except Set-Cookie */
			$out->header($name, count($values) === 1 ? $values[0] : $values);
		}
		foreach ($response->headers->getCookies() as $cookie) {
			$args = [
				$cookie->getName(), (string) $cookie->getValue(), $cookie->getExpiresTime(),
				(string) $cookie->getPath(), (string) $cookie->getDomain(), $cookie->isSecure(),
				$cookie->isHttpOnly(), (string) $cookie->getSameSite(),
			];
			if ($cookie->isRaw()) {
				$out->rawCookie(...$args);
			} else {
				$out->cookie(...$args);
			}
		}

		if ($response instanceof BinaryFileResponse) {
			self::emitFile($response, $out, $request);
		} elseif ($response instanceof StreamedResponse) {
			self::emitStream($response, $out);
		} else {
			$out->end((string) $response->getContent());
		}
		return $status;
	}

	private static function emitFile(BinaryFileResponse $response, Swoole\Http\Response $out, ?Request $request): void
	{
		$path = $response->getFile()->getPathname();
		$offset = 0;
		$length = 0;
		/* prepare() worked the range out into Content-Range; read it back */
		$range = $response->headers->get('Content-Range');
		if ($response->getStatusCode() === 206 && $range !== null
			&& preg_match('#^bytes (\d+)-(\d+)/\d+$#', $range, $m)) {
			$offset = (int) $m[1];
			$length = (int) $m[2] - (int) $m[1] + 1;
		}
		if ($request !== null && $request->isMethod('HEAD')) {
			$out->end();
			return;
		}
		$out->sendfile($path, $offset, $length);
	}

	private static function emitStream(StreamedResponse $response, Swoole\Http\Response $out): void
	{
		/* chunk size 1: every echo of the callback goes out as it is produced */
		ob_start(function (string $buf) use ($out): string {
			if ($buf !== '') {
				$out->write($buf);
			}
			return '';
		}, 1);
		try {
			$response->sendContent();
		} finally {
			ob_end_flush();
		}
		$out->end();
	}
}
