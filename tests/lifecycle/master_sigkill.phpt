--TEST--
Master SIGKILLed: the manager and every worker exit within 1 s (busy ones within max_wait_time), nothing of the tree survives, the port can be bound again
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

/* waits until none of $pids is alive; returns the seconds it took, or null after $timeout */
function gone_after(array $pids, float $timeout): ?float
{
    $t0 = swt_now();
    $ok = swt_wait_until(fn() => !array_filter($pids, 'swt_alive'), $timeout, 'the tree to go', false);
    return $ok ? swt_now() - $t0 : null;
}

/* ---- idle workers, clients connected ---- */
$s = lt_server(['worker_num' => 3, 'reactor_num' => 2]);
$c = swt_connect($s->port);
swt_check(lt_cmd($c, 'Q 1') !== null, 'served before the kill');
$idle = swt_connect($s->port);
$tree = $s->tree();
swt_check(count($tree) === 5, 'master + manager + 3 workers', json_encode($tree));
$rest = array_values(array_diff($tree, [$s->pid]));
swt_kill($s->pid, SIGKILL);
$took = gone_after($rest, 3);
swt_check($took !== null && $took <= 1.0, 'the manager and the workers exited within 1 s',
    $took === null ? 'still alive after 3 s: ' . json_encode(array_filter($rest, 'swt_alive')) : sprintf('%.2f s', $took));
swt_check(swt_wait_eof($c, 2)['eof'] && swt_wait_eof($idle, 2)['eof'], 'the clients saw their connections end');
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
fclose($c);
fclose($idle);
$s->stop();

/* ---- a worker busy in a long callback: gone within max_wait_time ---- */
$s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'max_wait_time' => 1]);
$c = swt_connect($s->port);
$pids = $s->workerPids();
swt_write($c, "SLOW 30000 never\n");
$s->waitFor('/^BUSY \d+ never /m');
$tree = $s->tree();
$rest = array_values(array_diff($tree, [$s->pid]));
swt_kill($s->pid, SIGKILL);
$took = gone_after($rest, 5);
swt_check($took !== null && $took <= 1 + 1.5, 'with a busy worker: everything gone within max_wait_time (+ slack)',
    $took === null ? 'still alive after 5 s: ' . json_encode(array_filter($rest, 'swt_alive')) : sprintf('%.2f s', $took));
swt_check(swt_port_bindable($s->port), 'the port can be bound again');
fclose($c);
$s->stop();
?>
--EXPECT--
ok - served before the kill
ok - master + manager + 3 workers
ok - the manager and the workers exited within 1 s
ok - the clients saw their connections end
ok - the port can be bound again
ok - with a busy worker: everything gone within max_wait_time (+ slack)
ok - the port can be bound again
