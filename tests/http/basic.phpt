--TEST--
Swoole\Http\Server: request fields (header, server, get, cookie, post), keep-alive, HTTP/1.0, response headers
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    $response->header('Content-Type', 'application/json');
    $response->end(json_encode([
        'fd' => $request->fd, 'header' => $request->header, 'server' => $request->server,
        'get' => $request->get, 'post' => $request->post, 'cookie' => $request->cookie,
        'raw' => $request->rawContent(), 'content' => $request->getContent(), 'method' => $request->getMethod(),
        'data' => $request->getData(),
    ]));
PHP);

$c = swt_connect($s->port);
$raw = "GET /path/x.php?a[]=1&a[]=2&b[x]=3&c=%20d&e.f=1 HTTP/1.1\r\nHost: example\r\nX-Custom-Header: Value 1\r\n"
    . "Cookie: s=abc%3D; arr[k]=v; s=second; sp ace=1\r\n\r\n";
$r = swt_http_roundtrip($c, $raw);
$j = json_decode($r['body'], true);
swt_check($r['status'] === 200 && $r['reason'] === 'OK', 'status 200 OK');
swt_check($j['header'] === ['host' => 'example', 'x-custom-header' => 'Value 1',
    'cookie' => 's=abc%3D; arr[k]=v; s=second; sp ace=1'], 'header names in lower case', json_encode($j['header']));
parse_str('a[]=1&a[]=2&b[x]=3&c=%20d&e.f=1', $expectGet);
swt_check($j['get'] === $expectGet, 'get parsed as PHP parses a query string', json_encode($j['get']));
swt_check($j['cookie'] === ['s' => 'abc=', 'arr' => ['k' => 'v'], 'sp_ace' => '1'], 'cookies as PHP parses them', json_encode($j['cookie']));
$srv = $j['server'];
swt_check($srv['request_method'] === 'GET' && $srv['request_uri'] === '/path/x.php' && $srv['path_info'] === '/path/x.php'
    && $srv['query_string'] === 'a[]=1&a[]=2&b[x]=3&c=%20d&e.f=1' && $srv['server_protocol'] === 'HTTP/1.1'
    && $srv['server_port'] === $s->port && $srv['remote_addr'] === '127.0.0.1' && is_int($srv['remote_port'])
    && is_int($srv['request_time']) && is_float($srv['request_time_float']) && is_int($srv['master_time'])
    && abs($srv['request_time_float'] - microtime(true)) < 5, 'server keys', json_encode($srv));
swt_check($j['method'] === 'GET' && $j['raw'] === '' && $j['data'] === $raw && is_int($j['fd']) && $j['fd'] > 0,
    'getMethod, rawContent, getData, fd');
swt_check(isset($r['headers']['date'], $r['headers']['server']) && $r['headers']['connection'] === 'keep-alive'
    && $r['headers']['content-length'] == strlen($r['body']) && !isset($r['headers']['transfer-encoding'])
    && $r['headers']['content-type'] === 'application/json', 'Date, Server, Connection, Content-Length, no Transfer-Encoding');
swt_check((bool) preg_match('/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/', $r['headers']['date']), 'Date format');

/* keep-alive: a POST on the same connection */
$body = 'x=1&list[]=a&list[]=b&n[k][]=z';
$r = swt_http_roundtrip($c, "POST /form HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    . "Content-Length: " . strlen($body) . "\r\n\r\n$body");
$j = json_decode($r['body'], true);
parse_str($body, $expectPost);
swt_check($r !== null && $j['post'] === $expectPost && $j['raw'] === $body && $j['method'] === 'POST',
    'urlencoded post on the same connection', json_encode($j['post'] ?? null));
/* an unknown type is not parsed, only raw */
$r = swt_http_roundtrip($c, "PUT /j HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
$j = json_decode($r['body'], true);
swt_check($j['post'] === null && $j['raw'] === '{"a":1}' && $j['method'] === 'PUT', 'other body types stay raw');
fclose($c);

/* HTTP/1.0: closes after the response unless keep-alive is asked for */
$r = swt_http_raw($s->port, "GET /old HTTP/1.0\r\n\r\n");
$p = swt_http_parse($r['data']);
swt_check($r['eof'] && count($p) === 1 && $p[0]['status'] === 200 && $p[0]['headers']['connection'] === 'close'
    && str_starts_with($p[0]['head'], 'HTTP/1.0 200'), 'HTTP/1.0 answered with 1.0 and closed');
$c = swt_connect($s->port);
$r1 = swt_http_roundtrip($c, "GET /ka HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
$r2 = swt_http_roundtrip($c, "GET /ka2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
swt_check($r1['headers']['connection'] === 'keep-alive' && $r2 !== null && json_decode($r2['body'], true)['server']['request_uri'] === '/ka2',
    'HTTP/1.0 keep-alive');
fclose($c);
/* Connection: close on 1.1 */
$r = swt_http_raw($s->port, "GET /bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
swt_check($r['eof'] && swt_http_parse($r['data'])[0]['headers']['connection'] === 'close', 'Connection: close honoured');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - status 200 OK
ok - header names in lower case
ok - get parsed as PHP parses a query string
ok - cookies as PHP parses them
ok - server keys
ok - getMethod, rawContent, getData, fd
ok - Date, Server, Connection, Content-Length, no Transfer-Encoding
ok - Date format
ok - urlencoded post on the same connection
ok - other body types stay raw
ok - HTTP/1.0 answered with 1.0 and closed
ok - HTTP/1.0 keep-alive
ok - Connection: close honoured
ok - server stopped cleanly
