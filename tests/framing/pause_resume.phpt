--TEST--
pause() / resume(): no onReceive for a paused connection while its client sends; after resume() all of it arrives, in order
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * No framing: each onReceive is echoed as pack('N', len) . data and logged
 * as "RECV <fd> <len>". Control lines start with "CTL ":
 *   CTL FD             -> "FD <fd>"
 *   CTL PAUSE          -> pause(own fd), "PAUSED <result>"
 *   CTL RESUME <fd>    -> resume(fd) (sent from another connection), "RESUMED <result>"
 *   CTL PAUSE <fd>     -> pause(fd) of another or unknown connection, "PAUSED <result>"
 * A pauses itself, then sends 192 KiB in pieces over 0.6 s: the server must
 * not see any of it (no RECV line, no echo). B resumes A: A's echoes then
 * concatenate to exactly what A sent. A second pause, this time from B.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'dispatch_mode' => 2]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $reply = function (string $s) use ($server, $fd) { $server->send($fd, pack('N', strlen($s)) . $s); };
    if (preg_match('/^CTL (\w+)(?: (\d+))?\n$/', $data, $m)) {
        $arg = isset($m[2]) ? (int) $m[2] : $fd;
        switch ($m[1]) {
            case 'FD': $reply("FD $fd"); break;
            case 'PAUSE': $reply('PAUSED ' . json_encode(@$server->pause($arg))); break;
            case 'RESUME': $reply('RESUMED ' . json_encode(@$server->resume($arg))); break;
        }
        return;
    }
    echo "RECV $fd " . strlen($data) . "\n";
    $reply($data);
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 2]);

function ctl($c, string $cmd): string
{
    swt_write($c, "CTL $cmd\n");
    return implode('|', frm_read_pieces($c, 1, 5));
}

$a = frm_connect($s->port);
$b = frm_connect($s->port);
$fdA = (int) substr(ctl($a, 'FD'), 3);
$fdB = (int) substr(ctl($b, 'FD'), 3);
swt_check($fdA > 0 && $fdB > 0, 'two connections with their fds');

foreach (['self' => null, 'from another connection' => $fdA] as $how => $target) {
    $r = $target === null ? ctl($a, 'PAUSE') : ctl($b, "PAUSE $target");
    swt_check($r === 'PAUSED true', "pause() $how returns true", var_export($r, true));
    $recvBefore = count($s->matches('/^RECV ' . $fdA . ' /m'));

    /* A sends while paused: 96 pieces of 2 KiB over about 0.6 s */
    $sent = '';
    for ($i = 0; $i < 96; $i++) {
        $piece = sprintf('[%s %04d]', $how, $i) . str_repeat(chr(97 + $i % 26), 2048 - 32);
        $piece = str_pad($piece, 2048, '.');
        swt_write($a, $piece);
        $sent .= $piece;
        usleep(6000);
    }
    usleep(300000);
    $early = (string) fread($a, 65536);
    $recvNow = count($s->matches('/^RECV ' . $fdA . ' /m'));
    swt_check($early === '' && $recvNow === $recvBefore, "paused ($how): no onReceive while the client sends",
        sprintf('%d onReceive, %d bytes echoed', $recvNow - $recvBefore, strlen($early)));

    /* B is served meanwhile */
    swt_check(ctl($b, 'FD') === "FD $fdB", "paused ($how): another connection is served meanwhile");

    $r = ctl($b, "RESUME $fdA");
    swt_check($r === 'RESUMED true', "resume() from another connection returns true ($how)", var_export($r, true));
    $got = implode('', frm_read_pieces($a, strlen($sent), 10));
    swt_check($got === $sent, "after resume() ($how): everything sent while paused arrives, in order", swt_diff_at($sent, $got));
}

/* still a normal connection */
swt_write($a, 'after');
$got = implode('', frm_read_pieces($a, 5, 5));
swt_check($got === 'after', 'the connection works normally afterwards', var_export($got, true));

$r = ctl($b, 'PAUSE 987654');
swt_check($r === 'PAUSED false', 'pause() of an unknown fd returns false', var_export($r, true));

fclose($a);
fclose($b);
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - two connections with their fds
ok - pause() self returns true
ok - paused (self): no onReceive while the client sends
ok - paused (self): another connection is served meanwhile
ok - resume() from another connection returns true (self)
ok - after resume() (self): everything sent while paused arrives, in order
ok - pause() from another connection returns true
ok - paused (from another connection): no onReceive while the client sends
ok - paused (from another connection): another connection is served meanwhile
ok - resume() from another connection returns true (from another connection)
ok - after resume() (from another connection): everything sent while paused arrives, in order
ok - the connection works normally afterwards
ok - pause() of an unknown fd returns false
ok - master exit code 0 after SIGTERM
