--TEST--
Swoole\Http\Server: wrk load, with and without pipelining: every response well-formed and 200, counts agree
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux'); if (!is_executable('/usr/bin/wrk')) die('skip needs wrk'); ?>
--FILE--
<?php
require __DIR__ . '/../include/http.inc';

$s = swt_http_start(<<<'PHP'
    static $n = 0;
    $n++;
    $response->end('Hello, World!');
PHP);
/* the handler prints "REQ /" for every request: count them */
foreach (['plain' => '', 'pipelined' => '-s ' . escapeshellarg(__DIR__ . '/../../bench/pipeline.lua')] as $name => $opt) {
    $before = swt_http_req_count($s);
    $out = shell_exec("/usr/bin/wrk -t1 -c20 -d1s $opt http://127.0.0.1:{$s->port}/ 2>&1");
    preg_match('/(\d+) requests in/', $out, $m);
    $n = (int) ($m[1] ?? 0);
    swt_check($n > 100 && !str_contains($out, 'Non-2xx') && !str_contains($out, 'Socket errors'),
        "$name: no errors, no non-2xx", $out);
    /* wrk stops mid-flight: PHP may have seen the requests of the last round that wrk did not count */
    swt_wait_until(fn () => swt_http_req_count($s) - $before >= $n, 5, 'the request markers', false);
    $seen = swt_http_req_count($s) - $before;
    swt_check($seen >= $n && $seen <= $n + 20 * 10, "$name: every counted response came from onRequest", "$seen vs $n");
}
swt_check($s->stop() === 0, 'server stopped cleanly');
?>
--EXPECT--
ok - plain: no errors, no non-2xx
ok - plain: every counted response came from onRequest
ok - pipelined: no errors, no non-2xx
ok - pipelined: every counted response came from onRequest
ok - server stopped cleanly
