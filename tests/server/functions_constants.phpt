--TEST--
swoole functions, constants and class names
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
$expect = [
    'SWOOLE_BASE' => 1, 'SWOOLE_PROCESS' => 2, 'SWOOLE_SOCK_TCP' => 1,
    'SWOOLE_LOG_DEBUG' => 0, 'SWOOLE_LOG_INFO' => 2, 'SWOOLE_LOG_NOTICE' => 3,
    'SWOOLE_LOG_WARNING' => 4, 'SWOOLE_LOG_ERROR' => 5, 'SWOOLE_LOG_NONE' => 6,
    'SWOOLE_DISPATCH_ROUND' => 1, 'SWOOLE_DISPATCH_FDMOD' => 2, 'SWOOLE_DISPATCH_IDLE_WORKER' => 3,
];
$bad = [];
foreach ($expect as $name => $value) {
    if (!defined($name) || constant($name) !== $value) {
        $bad[] = $name . '=' . (defined($name) ? var_export(constant($name), true) : 'undefined');
    }
}
echo $bad ? 'FAIL - constants: ' . implode(', ', $bad) . "\n" : "ok - constants\n";
echo (is_string(SWOOLE_VERSION) && SWOOLE_VERSION === swoole_version()) ? "ok - SWOOLE_VERSION\n" : "FAIL - SWOOLE_VERSION\n";

echo class_exists('Swoole\Server') && class_exists('swoole_server') && (new ReflectionClass('swoole_server'))->getName() === 'Swoole\Server'
    ? "ok - swoole_server is an alias\n" : "FAIL - swoole_server is an alias\n";
echo is_subclass_of('Swoole\Exception', 'Exception') ? "ok - Swoole\\Exception extends Exception\n" : "FAIL - Swoole\\Exception\n";

$t4 = swoole_strerror(1004);
$t5 = swoole_strerror(1005);
$t2 = swoole_strerror(2);   /* an errno value: ENOENT */
echo is_string($t4) && $t4 !== '' && $t4 !== $t5 && is_string($t5) && $t5 !== '' ? "ok - swoole_strerror() for server codes\n"
    : "FAIL - swoole_strerror(): " . json_encode([$t4, $t5]) . "\n";
echo (function_exists("posix_strerror") && $t2 === posix_strerror(2)) || stripos($t2, 'no such file') !== false ? "ok - swoole_strerror() for errno values\n"
    : "FAIL - swoole_strerror(2): " . json_encode($t2) . "\n";
echo is_int(swoole_last_error()) ? "ok - swoole_last_error() is an int\n" : "FAIL - swoole_last_error()\n";

/* swoole_set_process_name works in a plain script too */
swoole_set_process_name('swt-functions-test');
$cmd = rtrim(str_replace("\0", ' ', file_get_contents('/proc/self/cmdline')));
echo $cmd === 'swt-functions-test' ? "ok - swoole_set_process_name() outside a server\n" : "FAIL - cmdline is " . json_encode($cmd) . "\n";

$m = (new ReflectionClass('Swoole\Server'))->getMethods();
$names = array_map(fn($x) => $x->getName(), $m);
$need = ['__construct', 'set', 'on', 'start', 'send', 'close', 'shutdown', 'getLastError'];
$missing = array_diff($need, $names);
echo $missing ? 'FAIL - methods missing: ' . implode(', ', $missing) . "\n" : "ok - Swoole\\Server methods\n";
?>
--EXPECT--
ok - constants
ok - SWOOLE_VERSION
ok - swoole_server is an alias
ok - Swoole\Exception extends Exception
ok - swoole_strerror() for server codes
ok - swoole_strerror() for errno values
ok - swoole_last_error() is an int
ok - swoole_set_process_name() outside a server
ok - Swoole\Server methods
