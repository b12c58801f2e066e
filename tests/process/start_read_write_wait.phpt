--TEST--
Swoole\Process: start, write/read over the pipe both ways, the child's loop runs its timers, wait() reports exit codes (exit(), uncaught exception) and signals, redirected stdout
--FILE--
<?php
$p = new Swoole\Process(function (Swoole\Process $w) {
    $msg = $w->read();
    $w->write("child got: $msg");
    Swoole\Timer::after(20, function () use ($w) { $w->write("timer in child " . $w->pid); });
});
$pid = $p->start();
var_dump($pid > 0 && $p->pid === $pid && $p->pipe > 0);
$p->write("hello");
echo $p->read(), "\n";
var_dump($p->read() === "timer in child $pid");
$r = Swoole\Process::wait();
var_dump($r === ['pid' => $pid, 'code' => 0, 'signal' => 0]);

$p2 = new Swoole\Process(function ($w) { $w->exit(3); echo "NOT REACHED\n"; }, false, 0);
$p2->start();
var_dump(Swoole\Process::wait()['code']);

$p3 = new Swoole\Process(function ($w) { throw new DomainException("child boom"); }, false, 0);
$p3->start();
var_dump(Swoole\Process::wait()['code']);

$p4 = new Swoole\Process(function ($w) { echo "to stdout\n"; }, true);
$p4->start();
echo "redirected: ", $p4->read();
Swoole\Process::wait();

$p5 = new Swoole\Process(function ($w) { sleep(10); }, false, 0);
$pid5 = $p5->start();
usleep(50000);
var_dump(Swoole\Process::kill($pid5, 0), Swoole\Process::kill($pid5, SIGKILL));
$r = Swoole\Process::wait(true);
var_dump($r['pid'] === $pid5, $r['signal']);
var_dump(Swoole\Process::wait(false), Swoole\Process::kill($pid5, 0));
var_dump($p->close(), @$p->write('x'));
?>
--EXPECTF--
bool(true)
child got: hello
bool(true)
bool(true)
int(3)

Fatal error: Uncaught DomainException: child boom in %s:%d
Stack trace:
%A
int(255)
redirected: to stdout
bool(true)
bool(true)
bool(true)
int(9)
bool(false)
bool(false)
bool(true)
bool(false)
