--TEST--
Swoole\Atomic and Swoole\Atomic\Long: add/sub/get/set/cmpset, 32-bit unsigned and 64-bit signed wrap-around, wait() timeout and a wakeup posted before the wait
--FILE--
<?php
$a = new Swoole\Atomic();
var_dump($a->get(), $a->add(), $a->add(10), $a->sub(2), $a->sub());
$a->set(4294967295);
var_dump($a->get(), $a->add(), $a->sub());     /* wraps modulo 2^32 */
var_dump($a->cmpset(4294967295, 7), $a->cmpset(4294967295, 8), $a->get(), $a->cmpset(-1, 1));
$b = new swoole_atomic(-1);
var_dump($b->get());

$l = new Swoole\Atomic\Long(-10);
var_dump($l->get(), $l->add(15), $l->sub(20));
$l->set(PHP_INT_MAX);
var_dump($l->add() === PHP_INT_MIN, $l->cmpset(PHP_INT_MIN, -3), $l->get());
var_dump(method_exists($l, 'wait'), (new ReflectionClass('swoole_atomic_long'))->getName());

/* wait on 0 times out */
$w = new Swoole\Atomic(0);
$t0 = microtime(true);
$r = $w->wait(0.3);
$took = microtime(true) - $t0;
var_dump($r, $took >= 0.28 && $took < 2.0, swoole_last_error() === 110);
/* a wakeup before the wait is kept and consumed by it */
var_dump($w->wakeup(), $w->get());
$t0 = microtime(true);
var_dump($w->wait(5), microtime(true) - $t0 < 1, $w->get());
/* a non-zero value other than 1 returns at once and is left alone */
$w->set(5);
var_dump($w->wait(5), $w->get());
try {
    $w->wakeup(0);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
int(0)
int(1)
int(11)
int(9)
int(8)
int(4294967295)
int(0)
int(4294967295)
bool(true)
bool(false)
int(7)
bool(false)
int(4294967295)
int(-10)
int(5)
int(-15)
bool(true)
bool(true)
int(-3)
bool(false)
string(18) "Swoole\Atomic\Long"
bool(false)
bool(true)
bool(true)
bool(true)
int(1)
bool(true)
bool(true)
int(0)
bool(true)
int(5)
Swoole\Atomic::wakeup(): Argument #1 ($count) must be between 1 and 2147483647
