--TEST--
pecl package on package.xml prints no warning, and the tarball builds and installs offline with pecl install into a private PEAR (tools/pecl_check.sh), without touching the system's
--SKIPIF--
<?php
if (!is_file(dirname(__DIR__, 2) . '/tools/pecl_check.sh')) die('skip tools/pecl_check.sh is not here (a release tarball)');
foreach (['pecl', 'pear', 'phpize', 'bash', 'timeout', 'nice'] as $tool) {
    if (trim((string) shell_exec('command -v ' . escapeshellarg($tool) . ' 2>/dev/null')) === '') {
        die("skip $tool not installed (tools/setup.sh installs php-pear and php8.2-dev)");
    }
}
?>
--FILE--
<?php
$root = dirname(__DIR__, 2);
$env = getenv();
$env['PHP'] = PHP_BINARY;
/* niced: the build must not slow down the timing-sensitive tests that run beside it (run-tests -j2) */
$p = proc_open(['nice', '-n', '19', 'timeout', '-k', '10', '900', 'bash', "$root/tools/pecl_check.sh"],
    [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, $root, $env);
stream_set_blocking($pipes[1], false);
$out = '';
$start = $last = microtime(true);
/* The build takes minutes and prints nothing: a line now and then tells run-tests we are alive. */
for (;;) {
    $r = [$pipes[1]];
    $w = $e = null;
    if (stream_select($r, $w, $e, 5) > 0) {
        $chunk = fread($pipes[1], 65536);
        if ($chunk === '' || $chunk === false) {
            if (feof($pipes[1])) {
                break;
            }
        } else {
            $out .= $chunk;
        }
    }
    if (microtime(true) - $last >= 30) {
        $last = microtime(true);
        printf("# still running after %d s\n", $last - $start);
    }
}
fclose($pipes[1]);
$rc = proc_close($p);

$check = function (bool $ok, string $label) use ($out) {
    echo $ok ? "ok - $label\n" : "FAIL - $label\n--- output ---\n$out\n";
};
$check($rc === 0, 'tools/pecl_check.sh passes');
$check(preg_match('/^pecl_check: pecl package: swoole-[\d.]+\.tgz, \d+ bytes, no warnings$/m', $out) === 1,
    'pecl package printed no warning');
$check(preg_match('/^pecl_check: pecl install -O: built offline and installed /m', $out) === 1,
    'pecl install -O built and installed it offline, into the private PEAR');
$check(preg_match('/^pecl_check: PASS swoole ' . preg_quote(phpversion('swoole') ?: SWOOLE_VERSION, '/') . ' /m', $out) === 1,
    'the installed extension loads and reports this version');
?>
--EXPECTF--
%Aok - tools/pecl_check.sh passes
ok - pecl package printed no warning
ok - pecl install -O built and installed it offline, into the private PEAR
ok - the installed extension loads and reports this version
