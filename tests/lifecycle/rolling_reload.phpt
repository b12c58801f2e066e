--TEST--
Rolling reload: at most reload_concurrency workers out of rotation, each replacement through onWorkerStart before the next old worker stops, all pids change, reloads during a reload coalesce
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/*
 * A worker is out of rotation from its stop (we see onWorkerStop, which comes
 * after the stop signal) until its replacement returns from onWorkerStart (we
 * see "WSE"); onWorkerStart takes 100 ms here so that a manager which does not
 * wait for it is caught. The intervals seen are inside the real ones, so an
 * overlap seen here is a real one.
 */
function max_out(SwtServer $s, int $sinceNs): int
{
    $ev = [];
    foreach (lt_marks($s, 'WSTOP') as [$id, $pid, $t]) {
        if ($t >= $sinceNs) {
            $ev[] = [$t, 1];
        }
    }
    foreach (lt_marks($s, 'WSE') as [$id, $pid, $t]) {
        if ($t >= $sinceNs) {
            $ev[] = [$t, -1];
        }
    }
    usort($ev, fn($a, $b) => $a[0] <=> $b[0] ?: $b[1] <=> $a[1]);
    $out = $max = 0;
    foreach ($ev as [$t, $d]) {
        $out += $d;
        $max = max($max, $out);
    }
    return $max;
}

/* latest [pid, ns] of onWorkerStart per worker id */
function latest_starts(SwtServer $s): array
{
    $r = [];
    foreach (lt_marks($s, 'WS') as [$id, $pid, $t]) {
        $r[$id] = [$pid, $t];
    }
    ksort($r);
    return $r;
}

$s = lt_server(['worker_num' => 4, 'reactor_num' => 1, 'reload_concurrency' => 1], ['worker_start_ms' => 100]);
$s->waitFor('/^WSE /m', 4);
$old = $s->workerPids();
$ctl = swt_connect($s->port);

/* ---- one reload by SIGUSR1 ---- */
$t0 = lt_ns();
swt_kill($s->pid, SIGUSR1);
$s->waitFor('/^WSE /m', 8, 10);
$new = $s->workerPids();
swt_check(count(lt_marks($s, 'WSTOP')) === 4, 'onWorkerStop ran in the 4 old workers');
$changed = true;
foreach ($old as $id => $pid) {
    $changed = $changed && isset($new[$id]) && $new[$id] !== $pid && !swt_alive($pid) && swt_alive($new[$id]);
}
swt_check($changed && count($new) === 4, 'every worker id has a new live pid; the old ones are gone', json_encode([$old, $new]));
$m = max_out($s, $t0);
swt_check($m === 1, 'reload_concurrency 1: never two workers out of rotation', "max $m out at once\n" . $s->stdout());
$stops = array_map(fn($e) => $e[2], lt_marks($s, 'WSTOP'));
$wse = array_slice(array_map(fn($e) => $e[2], lt_marks($s, 'WSE')), 4);
sort($stops);
sort($wse);
$ordered = true;
for ($i = 0; $i < 3; $i++) {
    $ordered = $ordered && $stops[$i] < $wse[$i] && $wse[$i] < $stops[$i + 1];
}
swt_check($ordered, 'stop, replacement ready, next stop: strictly in turn', json_encode([$stops, $wse]));
/* the manager counts the reload once it sees the last replacement ready */
$rc = swt_wait_until(function () use ($ctl) {
    $n = lt_stats($ctl)['reload_count'];
    return $n >= 1 ? $n : false;
}, 3, 'reload_count', false);
swt_check($rc === 1, 'stats: reload_count 1', var_export($rc, true));
swt_check(count($s->matches('/^WERR /m')) === 0, 'no onWorkerError');

/* ---- coalescing: more requests while a reload runs ---- */
$before = count(lt_marks($s, 'WS'));
$stopsBefore = count(lt_marks($s, 'WSTOP'));
$t1 = lt_ns();
swt_kill($s->pid, SIGUSR1);
$s->waitFor('/^WSTOP /m', $stopsBefore + 1);   /* the reload is under way */
$r1 = lt_cmd($ctl, 'RELOAD');
swt_kill($s->pid, SIGUSR1);
$tLast = lt_ns();
swt_check($r1 === 'reload:true', '$server->reload() during a reload returns true', var_export($r1, true));
$done = swt_wait_until(function () use ($s, $tLast) {
    $l = latest_starts($s);
    foreach ($l as [$pid, $t]) {
        if ($t < $tLast) {
            return false;
        }
    }
    return count($l) === 4;
}, 10, 'every worker newer than the last reload request', false);
swt_check((bool) $done, 'after coalesced reloads every worker started after the last request', json_encode(latest_starts($s)) . " last request at $tLast");
usleep(700000);
$starts = count(lt_marks($s, 'WS')) - $before;
swt_check($starts >= 4 && $starts <= 8, 'three requests during one reload: 4..8 replacements, not 12', (string) $starts);
$m = max_out($s, $t1);
swt_check($m === 1, 'coalesced reload: never two workers out of rotation', (string) $m);
$st = lt_stats($ctl);
swt_check($st['reload_count'] >= 2 && $st['reload_count'] <= 4, 'stats: reload_count grew (2..4: the first reload plus the coalesced ones)', (string) $st['reload_count']);
$stable = count(lt_marks($s, 'WS'));
usleep(500000);
swt_check(count(lt_marks($s, 'WS')) === $stable, 'the reload ended: no more replacements');

/* ---- reload(true): task workers only; there are none, no worker is touched ---- */
$pids = $s->workerPids();
$r = lt_cmd($ctl, 'RELOAD 1');
swt_check($r === 'reload:true' || $r === 'reload:false', 'reload(true) returns a bool', var_export($r, true));
usleep(500000);
swt_check($s->workerPids() === $pids && count(lt_marks($s, 'WS')) === $stable, 'reload(true) left the workers alone');
swt_check(lt_cmd($ctl, 'WHO') !== null, 'the control connection is still served');
fclose($ctl);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');

/* ---- reload_concurrency 2 ---- */
$s = lt_server(['worker_num' => 4, 'reactor_num' => 1, 'reload_concurrency' => 2], ['worker_start_ms' => 150]);
$s->waitFor('/^WSE /m', 4);
$old = $s->workerPids();
$t0 = lt_ns();
$ctl = swt_connect($s->port);
swt_check(lt_cmd($ctl, 'RELOAD') === 'reload:true', 'reload() returns true');
$s->waitFor('/^WSE /m', 8, 10);
$new = $s->workerPids();
$m = max_out($s, $t0);
swt_check($m === 2, 'reload_concurrency 2: two workers out at once, never three', (string) $m);
swt_check(!array_intersect($old, $new), 'all pids changed', json_encode([$old, $new]));
fclose($ctl);
swt_check($s->stop() === 0, 'exit code 0 after SIGTERM');
?>
--EXPECT--
ok - onWorkerStop ran in the 4 old workers
ok - every worker id has a new live pid; the old ones are gone
ok - reload_concurrency 1: never two workers out of rotation
ok - stop, replacement ready, next stop: strictly in turn
ok - stats: reload_count 1
ok - no onWorkerError
ok - $server->reload() during a reload returns true
ok - after coalesced reloads every worker started after the last request
ok - three requests during one reload: 4..8 replacements, not 12
ok - coalesced reload: never two workers out of rotation
ok - stats: reload_count grew (2..4: the first reload plus the coalesced ones)
ok - the reload ended: no more replacements
ok - reload(true) returns a bool
ok - reload(true) left the workers alone
ok - the control connection is still served
ok - exit code 0 after SIGTERM
ok - reload() returns true
ok - reload_concurrency 2: two workers out at once, never three
ok - all pids changed
ok - exit code 0 after SIGTERM
