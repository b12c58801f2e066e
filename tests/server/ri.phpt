--TEST--
php --ri swoole prints the version; the version is the same everywhere
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

$argv = swt_php_argv();
$argv[] = '--ri';
$argv[] = 'swoole';
$p = proc_open($argv, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
$code = proc_close($p);

swt_check($code === 0, 'php --ri swoole exits 0', "$code $err");
swt_check(preg_match('/^swoole$/m', $out) === 1, 'it prints the extension name as its heading', $out);
$v = swoole_version();
swt_check(preg_match('/^\d+\.\d+\.\d+([-.]?\w+)?$/', $v) === 1, 'swoole_version() is a version number', $v);
swt_check(preg_match('/\b' . preg_quote($v, '/') . '\b/', $out) === 1, 'the --ri output holds the version', $out);
swt_check(SWOOLE_VERSION === $v && phpversion('swoole') === $v, 'SWOOLE_VERSION, swoole_version() and phpversion() agree',
    json_encode([SWOOLE_VERSION, $v, phpversion('swoole')]));
swt_check(trim($err) === '', 'nothing on stderr', $err);
?>
--EXPECT--
ok - php --ri swoole exits 0
ok - it prints the extension name as its heading
ok - swoole_version() is a version number
ok - the --ri output holds the version
ok - SWOOLE_VERSION, swoole_version() and phpversion() agree
ok - nothing on stderr
