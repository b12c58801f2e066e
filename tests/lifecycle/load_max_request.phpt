--TEST--
Lifecycle under load: max_request=1 recycles a worker after every request while 50 connections stay busy; nothing is lost; SIGTERM under load
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/*
 * GUARANTEES.md 1 and 14: with max_request=1 (grace max_request/2 = 0) every
 * worker process handles exactly one request and is replaced; the messages
 * queued to its slot meanwhile go to the replacement. 50 connections keep
 * requests in flight for 3 s: every request must be answered (none closed,
 * none hung, none wrong) and no process may answer twice.
 */
$s = lt_server([
    'worker_num' => 4,
    'reactor_num' => 2,
    'dispatch_mode' => 2,
    'max_request' => 1,
    'log_file' => '@DIR@/server.log',
]);
$master = $s->pid;

$load = new LtLoad($s->port, 50);
$load->phase = 'run';
$load->pump(3.0);
$load->drain();
$load->pump(0.1);

$run = ['run'];
$answered = $load->total('answered', $run);
swt_check($answered >= 50, 'requests were answered', $load->summary());
swt_check($load->total('sent', $run) === $answered && $load->total('closed', $run) === 0
    && $load->total('hung', $run) === 0 && $load->total('wrong', $run) === 0,
    'max_request=1: every request answered, none closed, none hung, none wrong', $load->summary());
$twice = [];
$procs = 0;
foreach ($load->pidsSeen as $w => $byPid) {
    foreach ($byPid as $pid => $n) {
        $procs++;
        if ($n !== 1) {
            $twice[] = "worker $w pid $pid: $n";
        }
    }
}
swt_check(!$twice, 'no worker process answered more than one request', implode(', ', array_slice($twice, 0, 10)));
swt_check($procs === $answered, 'as many answering processes as answers', "$procs processes, $answered answers");
swt_check(count($s->matches('/^WERR /m')) === 0, 'no onWorkerError: recycling is no crash');
echo sprintf("info: %d requests in 3 s with max_request=1; latency %s\n", $answered, $load->latency('run'));

$st = $load->stats();
swt_check($st['request_count'] === $answered, 'stats: request_count equals the answers',
    "request_count {$st['request_count']}, answered $answered");
$total = array_sum(array_column($st['workers'], 'total_request_count'));
$starts = array_sum(array_column($st['workers'], 'start_count'));
swt_check($total === $answered && $starts >= $total && $starts <= $total + 4,
    'stats: per-worker totals add up; one process start per request (+ the first ones)',
    json_encode($st['workers']));
swt_check($st['reload_count'] === 0 && $st['worker_request_count'] === 0,
    'stats: no reload; the answering process had completed no request yet', json_encode([$st['reload_count'], $st['worker_request_count']]));

/* SIGTERM with the load running (workers still recycling) */
$load->sending = true;
$load->phase = 'stop';
$load->pump(0.3);
$tTerm = swt_now();
swt_kill($master, SIGTERM);
$left = $load->waitAllClosed(8);
$code = $s->waitExit(8);
$stopTime = swt_now() - $tTerm;
swt_check($left === 0 && $code === 0 && $stopTime < 4, 'SIGTERM under load: all connections closed, exit 0 within max_wait_time',
    sprintf('left %d, code %s, %.2f s', $left, var_export($code, true), $stopTime));
$p = ['stop'];
swt_check($load->total('sent', $p) === $load->total('answered', $p) + $load->total('closed', $p)
    && $load->total('hung') === 0 && $load->total('wrong') === 0,
    'SIGTERM under load: every request answered or closed, none hung', $load->summary());
$load->closeAll();
swt_check($s->stop() === 0, 'nothing of the tree left behind');
?>
--EXPECTF--
ok - requests were answered
ok - max_request=1: every request answered, none closed, none hung, none wrong
ok - no worker process answered more than one request
ok - as many answering processes as answers
ok - no onWorkerError: recycling is no crash
info: %s
ok - stats: request_count equals the answers
ok - stats: per-worker totals add up; one process start per request (+ the first ones)
ok - stats: no reload; the answering process had completed no request yet
ok - SIGTERM under load: all connections closed, exit 0 within max_wait_time
ok - SIGTERM under load: every request answered or closed, none hung
ok - nothing of the tree left behind
