--TEST--
nginx in front of two instances of examples/http_server.php: a rolling restart (SIGTERM, wait, start again, one at a time) under wrk load with POST requests (which nginx never retries once sent) loses no request
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip needs Linux');
if (!is_file(dirname(__DIR__, 2) . '/bench/lb_rolling_restart.sh')) die('skip bench/ is not here (a release tarball)');
foreach (['/usr/sbin/nginx' => 'nginx', 'wrk' => 'wrk', 'curl' => 'curl', 'bash' => 'bash'] as $bin => $name) {
    if (!is_executable($bin) && trim((string) shell_exec('command -v ' . escapeshellarg($bin) . ' 2>/dev/null')) === '') {
        die("skip $name not installed (tools/setup.sh installs it)");
    }
}
?>
--FILE--
<?php
$root = dirname(__DIR__, 2);
$env = getenv();
$env['SWOOLE_EXT'] = getenv('SWOOLE_EXT') ?: "$root/modules/swoole.so";
$env['PHP'] = PHP_BINARY;
/* bounded: the script stops wrk itself; timeout is the backstop. Niced: wrk at full speed must not
   slow down the timing-sensitive tests that run beside it (run-tests -j2). */
$p = proc_open(['nice', '-n', '10', 'timeout', '-k', '5', '90', 'bash', "$root/bench/lb_rolling_restart.sh", '-d', '10', '-m', 'POST'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, $root, $env);
$out = stream_get_contents($pipes[1]);
$rc = proc_close($p);

$check = function (bool $ok, string $label) use ($out) {
    echo $ok ? "ok - $label\n" : "FAIL - $label\n--- output ---\n$out\n";
};
$check($rc === 0, 'the script passes (exit 0)');
$check(preg_match('/^lb: round 1 instance a: SIGTERM to exit \d+ ms \(exit status 0\)/m', $out) === 1
    && preg_match('/^lb: round 1 instance b: SIGTERM to exit \d+ ms \(exit status 0\)/m', $out) === 1,
    'both instances stopped gracefully (exit 0) and were started again');
preg_match('/^lb: requests sent (\d+), answered (\d+) \(2xx (\d+)\), failed (\d+)/m', $out, $m);
$check(isset($m[4]) && (int) $m[2] > 1000 && $m[2] === $m[3], 'more than 1000 requests answered, all 2xx');
$check(isset($m[4]) && $m[4] === '0', 'zero failed requests');
$check(preg_match('/^lb: PASS /m', $out) === 1, 'the script says PASS');
?>
--EXPECT--
ok - the script passes (exit 0)
ok - both instances stopped gracefully (exit 0) and were started again
ok - more than 1000 requests answered, all 2xx
ok - zero failed requests
ok - the script says PASS
