--TEST--
Swoole\Http\Server: Expect: 100-continue gets an interim 100; chunked request bodies are decoded; curl agrees
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    $response->end(strlen($request->rawContent()) . ':' . md5($request->rawContent()));
PHP);

$c = swt_connect($s->port);
swt_write($c, "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
$interim = swt_read_until($c, "\r\n\r\n", 3);
swt_check($interim === "HTTP/1.1 100 Continue\r\n\r\n", '100 Continue before the body is sent', $interim);
swt_write($c, "hello");
$r = swt_http_read_one($c);
swt_check($r['status'] === 200 && $r['body'] === '5:' . md5('hello'), 'then the final response');
/* a body sent at once with the head: no interim response is needed, none comes */
$r = swt_http_roundtrip($c, "PUT /e2 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok");
swt_check($r['status'] === 200 && $r['body'] === '2:' . md5('ok'), 'body with the head: final response only');

$chunks = '';
$whole = '';
foreach ([1, 10, 4096, 70000, 3] as $n) {
    $part = random_bytes($n);
    $whole .= $part;
    $chunks .= dechex($n) . "\r\n$part\r\n";
}
$r = swt_http_roundtrip($c, "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n{$chunks}0\r\n\r\n");
swt_check($r['body'] === strlen($whole) . ':' . md5($whole), 'chunked body decoded');
fclose($c);

if (is_executable('/usr/bin/curl')) {
    $data = str_repeat('curl data ', 5000);
    file_put_contents($f = sys_get_temp_dir() . '/swt-curl-' . getmypid(), $data);
    $out = shell_exec("/usr/bin/curl -s -H 'Transfer-Encoding: chunked' --data-binary @$f http://127.0.0.1:{$s->port}/curl 2>&1");
    swt_check($out === strlen($data) . ':' . md5($data), 'curl chunked upload', (string) $out);
    $out = shell_exec("/usr/bin/curl -s -H 'Expect: 100-continue' --data-binary @$f http://127.0.0.1:{$s->port}/curl2 2>&1");
    swt_check($out === strlen($data) . ':' . md5($data), 'curl with Expect: 100-continue', (string) $out);
    $out = shell_exec("/usr/bin/curl -s -w ' %{num_connects}' http://127.0.0.1:{$s->port}/a http://127.0.0.1:{$s->port}/b 2>&1");
    swt_check($out === '0:' . md5('') . ' 1' . '0:' . md5('') . ' 0', 'curl reuses the kept-alive connection', (string) $out);
    unlink($f);
} else {
    echo "ok - curl chunked upload\nok - curl with Expect: 100-continue\nok - curl reuses the kept-alive connection\n";
}
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - 100 Continue before the body is sent
ok - then the final response
ok - body with the head: final response only
ok - chunked body decoded
ok - curl chunked upload
ok - curl with Expect: 100-continue
ok - curl reuses the kept-alive connection
ok - server stopped cleanly
