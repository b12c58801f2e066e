--TEST--
Graceful stop (SIGTERM, SIGINT, shutdown()): listening socket closed at once, no new client data read, the busy worker finishes its 1 s request and everything dispatched behind it, stop callbacks run, exit 0 within max_wait_time
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/load.inc';

foreach (['SIGTERM', 'SIGINT', 'shutdown()'] as $how) {
    $s = lt_server(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 2]);
    $c = lt_connect_workers($s->port, [0, 1], 2);
    [$a, $b] = $c[0];   /* worker 0 */
    [$d, $e] = $c[1];   /* worker 1 */
    $pids = $s->workerPids();
    $manager = (int) $s->waitFor('/^MS (\d+)$/m')[0][1];

    swt_write($a, "SLOW 1000 a1\n");
    $s->waitFor('/^BUSY ' . $pids[0] . ' a1 /m');
    $tBusy = swt_now();
    swt_write($a, "Q 2\n");          /* queued behind a1 in worker 0 */
    swt_write($b, "Q 3\n");          /* another connection of worker 0 */
    usleep(100000);                  /* read and dispatched by now */
    $t0 = swt_now();
    if ($how === 'SIGTERM') {
        swt_kill($s->pid, SIGTERM);
    } elseif ($how === 'SIGINT') {
        swt_kill($s->pid, SIGINT);
    } else {
        swt_write($d, "SHUTDOWN\n");
    }
    usleep(200000);
    $refused = @stream_socket_client("tcp://127.0.0.1:{$s->port}", $errno, $errstr, 1.0);
    swt_check($refused === false, "$how: new connections are refused at once (listening socket closed)", "connect succeeded");
    if ($refused !== false) {
        fclose($refused);
    }
    swt_write($e, "Q 99\n");         /* new data after the stop began: not read */

    $la = lt_read_lines($a, 2, 5);
    $lb = lt_read_lines($b, 1, 5);
    swt_check($la === ["a1:0:{$pids[0]}", "2:0:{$pids[0]}"] && $lb === ["3:0:{$pids[0]}"],
        "$how: the busy request and the two dispatched behind it were answered by the old worker", var_export([$la, $lb], true));
    swt_check(swt_now() - $tBusy >= 0.95, "$how: the busy request ran its full second");
    if ($how === 'shutdown()') {
        $ld = lt_read_lines($d, 1, 5);
        swt_check($ld === ['shutdown:true'], "$how: shutdown() returned true to its caller", var_export($ld, true));
    }
    $code = $s->waitExit(6);
    $took = swt_now() - $t0;
    swt_check($code === 0, "$how: master exit code 0", var_export($code, true));
    swt_check($took < 3.0, "$how: stopped within max_wait_time (3 s)", sprintf('%.2f s', $took));
    $ee = swt_wait_eof($e, 2);
    swt_check($ee['eof'] && $ee['data'] === '', "$how: data sent after the stop began got no answer, the connection was closed", var_export($ee, true));
    $closed = true;
    foreach ([$a, $b, $d] as $x) {
        $closed = $closed && swt_wait_eof($x, 2)['eof'];
    }
    swt_check($closed, "$how: every client connection was closed");
    $out = $s->stdout();
    $order = [strpos($out, "WSTOP 0 {$pids[0]} "), strpos($out, "MSTOP $manager"), strpos($out, "SHUTDOWN {$s->pid}"), strpos($out, 'START_RETURNED true')];
    swt_check(str_contains($out, "WSTOP 1 {$pids[1]} ") && !in_array(false, $order, true) && $order === array_values(array_unique($order))
        && $order[0] < $order[1] && $order[1] < $order[2] && $order[2] < $order[3],
        "$how: onWorkerStop, onManagerStop, onShutdown ran in that order, then start() returned true", $out);
    swt_check(count($s->matches('/^WERR /m')) === 0 && count(lt_marks($s, 'WS')) === 2, "$how: no worker died or was respawned");
    foreach ([$a, $b, $d, $e] as $x) {
        fclose($x);
    }
    swt_check($s->stop() === 0, "$how: nothing left behind");
    swt_check(swt_port_bindable($s->port), "$how: the port can be bound again");
}
?>
--EXPECT--
ok - SIGTERM: new connections are refused at once (listening socket closed)
ok - SIGTERM: the busy request and the two dispatched behind it were answered by the old worker
ok - SIGTERM: the busy request ran its full second
ok - SIGTERM: master exit code 0
ok - SIGTERM: stopped within max_wait_time (3 s)
ok - SIGTERM: data sent after the stop began got no answer, the connection was closed
ok - SIGTERM: every client connection was closed
ok - SIGTERM: onWorkerStop, onManagerStop, onShutdown ran in that order, then start() returned true
ok - SIGTERM: no worker died or was respawned
ok - SIGTERM: nothing left behind
ok - SIGTERM: the port can be bound again
ok - SIGINT: new connections are refused at once (listening socket closed)
ok - SIGINT: the busy request and the two dispatched behind it were answered by the old worker
ok - SIGINT: the busy request ran its full second
ok - SIGINT: master exit code 0
ok - SIGINT: stopped within max_wait_time (3 s)
ok - SIGINT: data sent after the stop began got no answer, the connection was closed
ok - SIGINT: every client connection was closed
ok - SIGINT: onWorkerStop, onManagerStop, onShutdown ran in that order, then start() returned true
ok - SIGINT: no worker died or was respawned
ok - SIGINT: nothing left behind
ok - SIGINT: the port can be bound again
ok - shutdown(): new connections are refused at once (listening socket closed)
ok - shutdown(): the busy request and the two dispatched behind it were answered by the old worker
ok - shutdown(): the busy request ran its full second
ok - shutdown(): shutdown() returned true to its caller
ok - shutdown(): master exit code 0
ok - shutdown(): stopped within max_wait_time (3 s)
ok - shutdown(): data sent after the stop began got no answer, the connection was closed
ok - shutdown(): every client connection was closed
ok - shutdown(): onWorkerStop, onManagerStop, onShutdown ran in that order, then start() returned true
ok - shutdown(): no worker died or was respawned
ok - shutdown(): nothing left behind
ok - shutdown(): the port can be bound again
