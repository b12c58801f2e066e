--TEST--
Swoole\Timer: an exception thrown by a callback is reported as PHP reports an uncaught exception and ends the loop
--FILE--
<?php
/* The second tick throws: deterministic, whatever the machine's load does to the timing. */
$n = 0;
Swoole\Timer::tick(5, function () use (&$n) {
    echo "tick\n";
    if (++$n === 2) {
        (function () { throw new RuntimeException('boom in timer'); })();
    }
});
Swoole\Timer::after(2000, function () { echo "NEVER\n"; });
echo "end\n";
?>
--EXPECTF--
end
tick
tick
%AFatal error: Uncaught RuntimeException: boom in timer in %s:%d
Stack trace:
#0 %s: {closure}()
#1 [internal function]: {closure}(%d)
#2 [internal function]: Swoole\Event::rshutdown()
#3 {main}
  thrown in %s on line %d
