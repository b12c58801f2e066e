--TEST--
Swoole\Timer: callbacks run in expiry order, equal expiries in the order they were added; ids grow and are never reused
--FILE--
<?php
$order = [];
$delays = [30, 10, 20, 10, 0, 30, 5];
$ids = [];
foreach ($delays as $i => $d) {
    $ids[] = Swoole\Timer::after($d, function ($i) use (&$order) { $order[] = $i; }, $i);
}
var_dump($ids === range(1, count($delays)));
Swoole\Event::wait();
echo implode(',', $order), "\n";
/* after the first batch ran out, new ids continue from the last one */
$next = Swoole\Timer::after(1, function () {});
var_dump($next === count($delays) + 1);
Swoole\Timer::clear($next);
var_dump(Swoole\Timer::after(1, function () { echo "last\n"; }) === count($delays) + 2);
?>
--EXPECT--
bool(true)
4,6,1,3,2,0,5
bool(true)
bool(true)
last
