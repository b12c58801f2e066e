--TEST--
Swoole\Timer: clear() from inside its own callback and of another timer due in the same pass, clearAll() from a callback, exists/info/list/stats
--FILE--
<?php
$n = 0;
$victim = 0;
$self = Swoole\Timer::tick(10, function ($id) use (&$n, &$victim) {
    $n++;
    echo "tick $n\n";
    if ($n === 1) {
        /* due in the same pass (same expiry, added after us): must not run */
        var_dump(Swoole\Timer::clear($victim));
        var_dump(Swoole\Timer::exists($victim), Swoole\Timer::info($victim));
    }
    if ($n === 2) {
        var_dump(Swoole\Timer::clear($id));
        var_dump(Swoole\Timer::exists($id), Swoole\Timer::clear($id));
    }
});
$victim = Swoole\Timer::after(10, function () { echo "VICTIM RAN\n"; });
$info = Swoole\Timer::info($self);
var_dump($info['interval'], $info['exec_count'], $info['removed'], $info['exec_msec'] <= 11);
var_dump(iterator_to_array(Swoole\Timer::list()) === [$self, $victim]);
var_dump(Swoole\Timer::list() instanceof ArrayIterator, Swoole\Timer::stats()['num']);
Swoole\Event::wait();
var_dump(Swoole\Timer::stats()['num'], count(Swoole\Timer::list()));

/* clearAll from a callback: the others, including one due now, never run */
Swoole\Timer::after(5, function () { echo "first\n"; var_dump(Swoole\Timer::clearAll()); });
Swoole\Timer::after(5, function () { echo "SECOND RAN\n"; });
Swoole\Timer::tick(50, function () { echo "TICK RAN\n"; });
Swoole\Event::wait();
var_dump(Swoole\Timer::stats()['num']);
/* the functions */
$id = swoole_timer_tick(5, function ($id, $x) { echo "fn tick $x\n"; swoole_timer_clear($id); }, 'p');
var_dump(swoole_timer_exists($id), swoole_timer_info($id)['interval'], count(swoole_timer_list()), swoole_timer_stats()['num']);
swoole_timer_after(1, function () { echo "fn after\n"; });
?>
--EXPECT--
int(10)
int(0)
bool(false)
bool(true)
bool(true)
bool(true)
int(2)
tick 1
bool(true)
bool(false)
NULL
tick 2
bool(true)
bool(false)
bool(false)
int(0)
int(0)
first
bool(true)
int(0)
bool(true)
int(5)
int(1)
int(1)
fn after
fn tick p
