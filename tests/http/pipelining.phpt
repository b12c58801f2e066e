--TEST--
Swoole\Http\Server: pipelined requests (GET, Content-Length and chunked bodies) answered in order, in one write and byte by byte
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

/* round robin: without per-connection ordering the responses would come back mixed */
$s = swt_http_start(<<<'PHP'
    if ($request->server['request_uri'] === '/slow') { usleep(200000); }
    $response->end($request->server['request_uri'] . ':' . $request->rawContent());
PHP, ['dispatch_mode' => 1]);

$reqs = '';
$expect = [];
for ($i = 0; $i < 10; $i++) {
    switch ($i % 3) {
    case 0:
        $reqs .= "GET " . ($i == 0 ? '/slow' : "/g$i") . " HTTP/1.1\r\nHost: h\r\n\r\n";
        $expect[] = ($i == 0 ? '/slow' : "/g$i") . ':';
        break;
    case 1:
        $reqs .= "POST /p$i HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nbody$i";
        $expect[] = "/p$i:body$i";
        break;
    case 2:
        $reqs .= "POST /c$i HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\n$i$i\r\n0\r\nT: v\r\n\r\n";
        $expect[] = "/c$i:abc$i$i";
        break;
    }
}
$reqs .= "GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: h\r\n\r\n";
$expect[] = '/last:';

$r = swt_http_raw($s->port, $reqs);
$bodies = array_column(swt_http_parse($r['data']), 'body');
swt_check($r['eof'] && $bodies === $expect, 'one write: 11 responses in order, then close', json_encode($bodies));

/* byte by byte */
$c = swt_connect($s->port);
for ($i = 0; $i < strlen($reqs); $i++) {
    swt_write($c, $reqs[$i]);
    if ($i % 50 == 0) {
        usleep(1000);
    }
}
$r = swt_wait_eof($c, 10);
fclose($c);
$bodies = array_column(swt_http_parse($r['data']), 'body');
swt_check($r['eof'] && $bodies === $expect, 'byte by byte: the same', json_encode($bodies));
swt_check(!str_contains($s->stdout(), 'REQ /never'), 'nothing after Connection: close reached PHP');

/* a client that half-closes after its requests still gets every response */
$c = swt_connect($s->port);
swt_write($c, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\nGET /h2 HTTP/1.1\r\nHost: h\r\n\r\n");
stream_socket_shutdown($c, STREAM_SHUT_WR);
$r = swt_wait_eof($c, 5);
fclose($c);
swt_check(array_column(swt_http_parse($r['data']), 'body') === ['/slow:', '/h2:'] && $r['eof'], 'half-closed client gets its responses');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - one write: 11 responses in order, then close
ok - byte by byte: the same
ok - nothing after Connection: close reached PHP
ok - half-closed client gets its responses
ok - server stopped cleanly
