--TEST--
Lifecycle under load: 50 busy connections through 20 rolling reloads (nothing lost), kill -9 of workers (only their waiting clients closed), SIGTERM (no hang)
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/*
 * GUARANTEES.md 1, 2, 3, 5: a loop client keeps 50 connections busy with
 * request/response round trips (unique ids; the server answers
 * "id:worker_id:pid") while the test reloads 20 times (SIGUSR1 and
 * $server->reload(), alternately, each one waited for through
 * stats()['reload_count']), kill -9s four workers, then SIGTERMs the
 * master. Every request must end answered, or (kill -9 and stop only) with its
 * connection closed; none may hang (5 s bound) or get a wrong answer.
 */
$s = lt_server([
    'worker_num' => 4,
    'reactor_num' => 2,
    'dispatch_mode' => 2,
    'log_file' => '@DIR@/server.log',
], ['q_sleep_us' => 300]);
$master = $s->pid;

$load = new LtLoad($s->port, 50);
$load->phase = 'warmup';
$load->pump(0.5);
swt_check($load->total('answered') > 50 && $load->total('closed') === 0, 'load is running', $load->summary());

/* ---- 20 rolling reloads, alternately by SIGUSR1 and by $server->reload() ---- */
$load->phase = 'reload';
$t0 = swt_now();
$reloadReplies = [];
for ($k = 1; $k <= 20; $k++) {
    if ($k % 2) {
        swt_kill($master, SIGUSR1);
    } else {
        $reloadReplies[] = $load->control('RELOAD');
    }
    $deadline = swt_now() + 10;
    for (;;) {
        $st = $load->stats();
        if ($st['reload_count'] >= $k) {
            break;
        }
        if (swt_now() > $deadline) {
            swt_fail("reload $k did not complete within 10 s: reload_count {$st['reload_count']}; " . $load->summary());
        }
        $load->pump(0.02);
    }
}
$reloadTime = swt_now() - $t0;
$load->pump(0.2);
$load->phase = 'calm1';
$load->pump(0.5);
$load->drain();   /* let what is in flight end before counting */

swt_check($reloadReplies === array_fill(0, 10, 'reload:true'), '$server->reload() returned true 10 times', json_encode($reloadReplies));
$load->pump(0.1);
$st = $load->stats();   /* nothing in flight: the figures must be exact */
swt_check($st['reload_count'] === 20, 'stats: reload_count is 20', (string) $st['reload_count']);
swt_check($st['request_count'] === $load->total('answered') + $load->ctlDone - 1,
    'stats: request_count equals the requests answered (load + control)',
    sprintf('request_count %d, answered %d + control %d', $st['request_count'], $load->total('answered'), $load->ctlDone - 1));
swt_check($st['accept_count'] === $load->opened + 1 && $st['close_count'] === 0 && $st['connection_num'] === 51,
    'stats: accept_count 51, close_count 0, connection_num 51', json_encode([$st['accept_count'], $st['close_count'], $st['connection_num']]));
$ws = lt_marks($s, 'WS');
swt_check(count($ws) === 4 + 20 * 4, 'each reload started 4 new workers (84 onWorkerStart in all)', (string) count($ws));
$pids = array_map(fn($w) => $w[1], $ws);
swt_check(count(array_unique($pids)) === count($pids), 'every started worker has its own pid');
swt_check(count(lt_marks($s, 'WSTOP')) === 80, 'onWorkerStop ran in each of the 80 replaced workers', (string) count(lt_marks($s, 'WSTOP')));
swt_check(count($s->matches('/^WERR /m')) === 0, 'no onWorkerError during the reloads');
$p = ['warmup', 'reload', 'calm1'];
swt_check($load->total('sent', $p) === $load->total('answered', $p) && $load->total('closed', $p) === 0
    && $load->total('hung', $p) === 0 && $load->total('wrong', $p) === 0,
    'reloads: every request answered, none closed, none hung, none wrong', $load->summary($p));
$perGen = 0;
foreach ($load->pidsSeen as $w => $byPid) {
    $perGen += count($byPid);
}
echo sprintf("info: 20 reloads in %.1f s; %d worker processes answered; reload latency %s\n", $reloadTime, $perGen, $load->latency('reload'));

/* ---- kill -9 four workers ---- */
$load->sending = true;
$load->phase = 'kill';
$kills = [];
foreach ([1, 2, 3, 0] as $victim) {
    $pid = $s->workerPids()[$victim];
    $before = count(lt_marks($s, 'WS'));
    swt_kill($pid, SIGKILL);
    $kills[] = [swt_now(), $victim, $pid];
    $load->pumpUntil(fn() => count(lt_marks($s, 'WS')) > $before, 5, "the respawn of worker $victim");
    $load->pump(0.3);
}
$load->phase = 'calm2';
$load->pump(1.0);
$load->drain();

$werr = $s->matches('/^WERR (\d+) (\d+) (-?\d+) (\d+) /m');
$werrOk = count($werr) === 4;
foreach ($kills as $i => [$t, $victim, $pid]) {
    $werrOk = $werrOk && isset($werr[$i]) && (int) $werr[$i][1] === $victim && (int) $werr[$i][2] === $pid && (int) $werr[$i][4] === 9;
}
swt_check($werrOk, 'onWorkerError once per kill, with worker id, pid and signal 9', json_encode($werr));
$badCloses = [];
foreach ($load->closedEvents as $ev) {
    [$sendPhase, $t, $w] = $ev;
    $ok = $sendPhase === 'kill';
    $last = null;
    foreach ($kills as $k) {
        if ($k[0] <= $t) {
            $last = $k;
        }
    }
    $ok = $ok && $last !== null && $t - $last[0] < 1.0 && ($w === null || $w === $last[1]);
    if (!$ok) {
        $badCloses[] = $ev;
    }
}
swt_check(!$badCloses, 'kill -9: only connections of the killed worker were closed, within 1 s of the kill', json_encode($badCloses));
$p = ['kill', 'calm2'];
swt_check($load->total('sent', $p) === $load->total('answered', $p) + $load->total('closed', $p)
    && $load->total('hung', $p) === 0 && $load->total('wrong', $p) === 0 && $load->total('closed', ['calm2']) === 0,
    'kill -9: every request answered or closed, none hung or wrong', $load->summary($p) . "\nhung [phase, id, worker, sent in, sent at (s after the first kill)]: "
    . json_encode(array_map(fn($h) => [$h[0], $h[1], $h[2], $h[3], round($h[4] - $kills[0][0], 3)], $load->hungEvents))
    . "\nkills [at (s after the first), worker id, pid]: " . json_encode(array_map(fn($k) => [round($k[0] - $kills[0][0], 3), $k[1], $k[2]], $kills)));
swt_check(!$load->idleCloses, 'no idle connection was closed', json_encode($load->idleCloses));
echo sprintf("info: kill -9 x4: %d requests closed; latency %s\n", $load->total('closed', $p), $load->latency('kill'));

/* ---- figures after the kills (the load paused, so that nothing is in flight) ---- */
$load->pump(0.1);
$st = $load->stats();
$load->sending = true;
/* a request whose connection was closed (or that hung) may or may not have completed in the worker */
$low = $load->total('answered') + $load->ctlDone - 1;
$high = $low + $load->total('closed') + $load->total('hung');
swt_check($st['request_count'] >= $low && $st['request_count'] <= $high,
    'stats: request_count between the requests answered and those plus the ones closed',
    sprintf('request_count %d, not in [%d, %d]', $st['request_count'], $low, $high));
swt_check($st['accept_count'] === $load->opened + 1, 'stats: accept_count equals the connections opened',
    sprintf('accept_count %d, opened %d + 1 control', $st['accept_count'], $load->opened));
$closedByServer = count($load->closedEvents) + count($load->idleCloses) + count($load->hungEvents);
swt_check($st['close_count'] === $closedByServer && $st['connection_num'] === $load->connectionCount() + 1,
    'stats: close_count and connection_num match the client', json_encode([$st['close_count'], $closedByServer, $st['connection_num'], $load->connectionCount() + 1]));
$starts = array_sum(array_column($st['workers'], 'start_count'));
swt_check($starts === 84 + 4 && $st['reload_count'] === 20, 'stats: 88 worker starts (4 + 80 reloaded + 4 respawned)', (string) $starts);

/* ---- SIGTERM under load ---- */
$load->phase = 'stop';
$load->pump(0.2);
$tTerm = swt_now();
swt_kill($master, SIGTERM);
$left = $load->waitAllClosed(8);
$code = $s->waitExit(8);
$stopTime = swt_now() - $tTerm;
swt_check($left === 0, 'SIGTERM: the server closed every client connection', "$left left open");
swt_check($code === 0, 'SIGTERM: master exit code 0', var_export($code, true));
swt_check($stopTime < 3 + 1, 'SIGTERM: stopped within max_wait_time', sprintf('%.2f s', $stopTime));
$p = ['stop'];
swt_check($load->total('sent', $p) === $load->total('answered', $p) + $load->total('closed', $p)
    && $load->total('hung') === 0 && $load->total('wrong') === 0,
    'SIGTERM: every request answered or closed; no hang, no wrong answer in the whole run', $load->summary());
echo sprintf("info: stop in %.2f s; %d answered, %d closed during the stop\n", $stopTime, $load->total('answered', $p), $load->total('closed', $p));
$load->closeAll();
swt_check($s->stop() === 0, 'nothing of the tree left behind');
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
?>
--EXPECTF--
ok - load is running
ok - $server->reload() returned true 10 times
ok - stats: reload_count is 20
ok - stats: request_count equals the requests answered (load + control)
ok - stats: accept_count 51, close_count 0, connection_num 51
ok - each reload started 4 new workers (84 onWorkerStart in all)
ok - every started worker has its own pid
ok - onWorkerStop ran in each of the 80 replaced workers
ok - no onWorkerError during the reloads
ok - reloads: every request answered, none closed, none hung, none wrong
info: %s
ok - onWorkerError once per kill, with worker id, pid and signal 9
ok - kill -9: only connections of the killed worker were closed, within 1 s of the kill
ok - kill -9: every request answered or closed, none hung or wrong
ok - no idle connection was closed
info: %s
ok - stats: request_count between the requests answered and those plus the ones closed
ok - stats: accept_count equals the connections opened
ok - stats: close_count and connection_num match the client
ok - stats: 88 worker starts (4 + 80 reloaded + 4 respawned)
ok - SIGTERM: the server closed every client connection
ok - SIGTERM: master exit code 0
ok - SIGTERM: stopped within max_wait_time
ok - SIGTERM: every request answered or closed; no hang, no wrong answer in the whole run
info: %s
ok - nothing of the tree left behind
ok - the port can be bound again
