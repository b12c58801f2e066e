--TEST--
Swoole\Process::signal: callbacks run from the event loop (never in the handler), keep the loop alive until removed; SIGCHLD with wait(false); alarm()
--FILE--
<?php
$log = [];
Swoole\Process::signal(SIGUSR1, function ($signo) use (&$log) {
    $log[] = "SIGUSR1 $signo";
    Swoole\Process::signal(SIGUSR1, null);
});
Swoole\Process::kill(getmypid(), SIGUSR1);
$log[] = 'after kill, before the loop';
Swoole\Event::wait();
echo implode("\n", $log), "\n";

/* SIGCHLD: reap children from the loop */
$pids = [];
for ($i = 0; $i < 3; $i++) {
    $p = new Swoole\Process(function () use ($i) { usleep(50000 + 20000 * $i); exit(10 + $i); }, false, 0);
    $pids[] = $p->start();
}
$codes = [];
$guard = Swoole\Timer::after(5000, function () { echo "TIMEOUT\n"; Swoole\Event::exit(); });
Swoole\Process::signal(SIGCHLD, function () use (&$codes, $pids, $guard) {
    while ($r = Swoole\Process::wait(false)) {
        $codes[$r['pid']] = $r['code'];
    }
    if (count($codes) === 3) {
        Swoole\Process::signal(SIGCHLD, null);
        Swoole\Timer::clear($guard);
    }
});
Swoole\Event::wait();
ksort($codes);
echo implode(',', $codes), "\n";
Swoole\Timer::clearAll();

/* alarm: SIGALRM every 10 ms, three times */
$n = 0;
Swoole\Process::signal(SIGALRM, function () use (&$n) {
    if (++$n === 3) {
        Swoole\Process::alarm(0);
        Swoole\Process::signal(SIGALRM, null);
    }
});
var_dump(Swoole\Process::alarm(10000));
Swoole\Event::wait();
var_dump($n);
try {
    Swoole\Process::signal(0, fn() => 1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(@Swoole\Process::signal(SIGKILL, fn() => 1));
?>
--EXPECT--
after kill, before the loop
SIGUSR1 10
10,11,12
bool(true)
int(3)
Swoole\Process::signal(): Argument #1 ($signal) must be a signal number between 1 and 64
bool(false)
