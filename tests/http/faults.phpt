--TEST--
Swoole\Http\Server: an uncaught exception gives 500, a worker killed in onRequest gives 502 within 100 ms; the server keeps serving
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    switch ($request->server['request_uri']) {
    case '/throw':
        throw new RuntimeException('boom in handler');
    case '/kill':
        exec('kill -9 ' . getmypid());
        sleep(5);
        break;
    case '/fatal':
        undefined_function_here();
        break;
    case '/forget':
        return; /* never ends the response */
    case '/half':
        /* large enough that the worker writes it out at once (it queues small replies until the callback returns) */
        $response->write(str_repeat('p', 1536 * 1024));
        exec('kill -9 ' . getmypid());
        sleep(5);
        break;
    }
    $response->end('fine');
PHP);

$r = swt_http_raw($s->port, "GET /throw HTTP/1.1\r\nHost: h\r\n\r\n");
$p = swt_http_parse($r['data']);
swt_check(count($p) === 1 && $p[0]['status'] === 500 && $r['eof'], 'uncaught exception: 500 and close', substr($r['data'], 0, 60));
swt_check((bool) swt_wait_until(fn () => str_contains($s->stderr(), 'Uncaught RuntimeException: boom in handler'), 5, 'the report', false),
    'the exception is reported like an uncaught one');

/* A worker that dies soon after it started is respawned with a back-off: wait until both serve again. */
function healthy(SwtServer $s): void
{
    swt_wait_until(function () use ($s) {
        for ($i = 0; $i < 2; $i++) {
            $r = swt_http_raw($s->port, "GET /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 2);
            if ((swt_http_parse($r['data'])[0]['body'] ?? '') !== 'fine') {
                return false;
            }
        }
        return true;
    }, 15, 'the workers to serve again');
}
healthy($s);
$r = swt_http_raw($s->port, "GET /fatal HTTP/1.1\r\nHost: h\r\n\r\n");
swt_check(swt_http_parse($r['data'])[0]['status'] === 500, 'fatal error: 500');

healthy($s);
$r = swt_http_raw($s->port, "GET /forget HTTP/1.1\r\nHost: h\r\n\r\n");
swt_check(swt_http_parse($r['data'])[0]['status'] === 500, 'a response never ended: 500 when it is dropped');

/* worker death: 502 within 100 ms of the kill (best of three, the machine is shared) */
$best = 99.0;
for ($i = 0; $i < 3; $i++) {
    $c = swt_connect($s->port);
    swt_write($c, "GET /kill HTTP/1.1\r\nHost: h\r\n\r\n");
    $t0 = swt_now();
    $r = swt_wait_eof($c, 5);
    $dt = swt_now() - $t0;
    fclose($c);
    $p = swt_http_parse($r['data']);
    if (count($p) !== 1 || $p[0]['status'] !== 502) {
        swt_check(false, 'worker killed: 502', substr($r['data'], 0, 80));
        break;
    }
    $best = min($best, $dt);
    healthy($s);
}
swt_check($best < 0.1, 'worker killed: 502 within 100 ms', sprintf('%.3f s', $best));

healthy($s);
$r = swt_http_raw($s->port, "GET /half HTTP/1.1\r\nHost: h\r\n\r\n");
swt_check($r['eof'] && str_starts_with($r['data'], 'HTTP/1.1 200') && !str_contains($r['data'], '502 Bad Gateway')
    && str_contains($r['data'], "180000\r\npppp") && !str_ends_with($r['data'], "0\r\n\r\n"),
    'worker killed after part of the response: closed, no 502 inside the body', substr($r['data'], -30));

/* still serving, with keep-alive */
swt_wait_until(function () use ($s) {
    $r = swt_http_raw($s->port, "GET /ok HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", 2);
    return ($p = swt_http_parse($r['data'])) && ($p[0]['body'] ?? '') === 'fine';
}, 10, 'the server to serve again');
swt_check(true, 'still serving');
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - uncaught exception: 500 and close
ok - the exception is reported like an uncaught one
ok - fatal error: 500
ok - a response never ended: 500 when it is dropped
ok - worker killed: 502 within 100 ms
ok - worker killed after part of the response: closed, no 502 inside the body
ok - still serving
ok - server stopped cleanly
