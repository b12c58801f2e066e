--TEST--
Swoole\Timer: argument checks, exit() in a callback, no loop after a fatal error in the script
--FILE--
<?php
foreach ([fn() => Swoole\Timer::tick(0, fn() => 1), fn() => Swoole\Timer::after(-1, fn() => 1),
          fn() => Swoole\Timer::after(PHP_INT_MAX, fn() => 1)] as $f) {
    try {
        $f();
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(Swoole\Timer::clear(12345), Swoole\Timer::exists(12345), Swoole\Timer::info(12345));
var_dump(class_exists('swoole_timer'), class_exists('swoole_event'));
function run(string $code): void
{
    $p = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . getenv('SWOOLE_EXT_PATH'), '-d', 'display_errors=1', '-r', $code],
        [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    /* the first line: what the callback printed, or the start of the error */
    echo strtok(trim(preg_replace('/ in [^:]+:\d+$/m', '', $out)), "\n"), "\n";
    echo "exit status ", proc_close($p), "\n";
}
/* exit() inside a callback ends the script with its status, the other timers do not run */
run('Swoole\Timer::after(5, function () { echo "in\n"; exit(7); }); Swoole\Timer::after(50, function () { echo "NEVER\n"; });');
/* exit() in the script: the loop still runs at the end, as shutdown functions do */
run('Swoole\Timer::after(5, function () { echo "after exit\n"; }); exit(3);');
/* a fatal error in the script: no loop */
run('Swoole\Timer::after(5, function () { echo "NEVER\n"; }); undefined_function();');
?>
--ENV--
SWOOLE_EXT_PATH={PWD}/../../modules/swoole.so
--EXPECT--
ValueError: Swoole\Timer::tick(): Argument #1 ($ms) must be between 1 and 2147483647
ValueError: Swoole\Timer::after(): Argument #1 ($ms) must be between 0 and 2147483647
ValueError: Swoole\Timer::after(): Argument #1 ($ms) must be between 0 and 2147483647
bool(false)
bool(false)
NULL
bool(true)
bool(true)
in
exit status 7
after exit
exit status 3
Fatal error: Uncaught Error: Call to undefined function undefined_function()
exit status 255
