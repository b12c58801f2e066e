--TEST--
Swoole\Timer: an exception thrown by a callback is reported as PHP reports an uncaught exception and ends the loop
--FILE--
<?php
Swoole\Timer::tick(5, function () { echo "tick\n"; });
Swoole\Timer::after(12, function () { throw new RuntimeException('boom in timer'); });
Swoole\Timer::after(200, function () { echo "NEVER\n"; });
echo "end\n";
?>
--EXPECTF--
end
tick
tick
%AFatal error: Uncaught RuntimeException: boom in timer in %s:%d
Stack trace:
#0 [internal function]: {closure}()
#1 [internal function]: Swoole\Event::rshutdown()
#2 {main}
  thrown in %s on line %d
