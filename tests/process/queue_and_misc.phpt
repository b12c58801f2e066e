--TEST--
Swoole\Process: useQueue/push/pop between parent and child, statQueue, freeQueue, setAffinity, exec, the parent's timers are not run by the child
--FILE--
<?php
Swoole\Timer::after(30, function () { echo "parent timer in " . (getmypid() === $GLOBALS['me'] ? 'parent' : 'CHILD') . "\n"; });
$me = getmypid();
$p = new Swoole\Process(function (Swoole\Process $w) {
    $w->push('from child: ' . $w->pop());
}, false, 0);
var_dump($p->useQueue(), is_int($p->msgQueueId));
$p->start();
$p->push('ping');
usleep(100000);
var_dump($p->statQueue()['queue_num']);
echo $p->pop(), "\n";
Swoole\Process::wait();
var_dump($p->statQueue()['queue_num'], $p->freeQueue());

$e = new Swoole\Process(function (Swoole\Process $w) {
    $w->exec('/bin/sh', ['-c', 'echo exec says $0 $1', 'arg0', 'arg1']);
}, true);
$e->start();
echo $e->read();
Swoole\Process::wait();
var_dump(Swoole\Process::setAffinity([0]), @Swoole\Process::setAffinity([100000]));
try {
    new Swoole\Process(fn() => 1, false, 7);
} catch (ValueError $ex) {
    echo $ex->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
bool(true)
int(1)
from child: ping
int(0)
bool(true)
exec says arg0 arg1
bool(true)
bool(false)
Swoole\Process::__construct(): Argument #3 ($pipeType) must be 0 (no pipe), 1 (SOCK_STREAM) or 2 (SOCK_DGRAM)
parent timer in parent
