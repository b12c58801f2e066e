<?php
/*
 * Timers, Swoole\Event and Swoole\Process in a plain script (no server):
 * a child process sends its progress over its pipe, the parent watches the
 * pipe with Swoole\Event, prints a heartbeat with a tick timer, reaps the
 * child on SIGCHLD, and the loop ends by itself when nothing is left.
 *
 *   php -d extension=$PWD/modules/swoole.so examples/timers_and_processes.php
 */

$child = new Swoole\Process(function (Swoole\Process $p) {
    /* the child's own loop: three messages 100 ms apart, then it ends */
    $n = 0;
    Swoole\Timer::tick(100, function (int $timerId) use ($p, &$n) {
        $p->write('step ' . ++$n);
        if ($n === 3) {
            Swoole\Timer::clear($timerId);
        }
    });
});
$pid = $child->start();
echo "child $pid started\n";

Swoole\Event::add($child->pipe, function (int $fd) use ($child) {
    echo 'child says: ', $child->read(), "\n";
});

$heartbeat = Swoole\Timer::tick(70, function () {
    echo "  (parent heartbeat)\n";
});

Swoole\Process::signal(SIGCHLD, function () use ($child, $heartbeat) {
    while ($status = Swoole\Process::wait(false)) {
        echo "child {$status['pid']} exited with code {$status['code']}\n";
        Swoole\Event::del($child->pipe);
        Swoole\Timer::clear($heartbeat);
        Swoole\Process::signal(SIGCHLD, null);
    }
});

Swoole\Event::defer(function () {
    echo "deferred: runs once the loop has started\n";
});
echo "end of the script: the event loop runs now\n";
