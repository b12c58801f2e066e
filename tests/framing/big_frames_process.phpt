--TEST--
Framing: 8 MiB length frames from 20 concurrent connections in PROCESS mode arrive byte-exact (digest per frame)
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Each connection sends an 8 MiB frame (header included), a 5-byte frame and
 * a frame of 8 MiB - 1 byte, all written at once and interleaved with the
 * other 19 connections. The frames cross the reactor/worker boundary as many
 * 64 KiB chunks; the worker must put each frame together from its own
 * connection's chunks only. It answers each onReceive with
 * "<length> <md5>\n". Four more connections send 3 MiB of an 8 MiB frame
 * and close meanwhile: nothing of theirs may reach onReceive.
 */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 4, 'reactor_num' => 2, 'dispatch_mode' => 2,
    'open_length_check' => true, 'package_length_type' => 'N',
    'package_length_offset' => 0, 'package_body_offset' => 4,
    'package_max_length' => 16 * 1024 * 1024]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    echo "R $fd " . strlen($data) . "\n";
    if (!$server->send($fd, strlen($data) . ' ' . md5($data) . "\n")) {
        echo "SEND FAILED $fd " . $server->getLastError() . "\n";
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 4]);

const CONNS = 20;
$base = random_bytes(8 * FRM_MIB);

/*
 * Frame $k of connection $i as segments [string, offset, length] over $base
 * (20 x 16 MiB of distinct strings would only cost time and memory): a
 * header, a tag naming the connection and frame, then $base rotated by an
 * amount of its own.
 */
function segments(int $i, int $k): array
{
    global $base;
    if ($k === 1) {
        $s = pack('N', 1) . chr($i);
        return [[$s, 0, 5]];
    }
    $total = $k === 0 ? 8 * FRM_MIB : 8 * FRM_MIB - 1;
    $head = pack('N', $total - 4) . sprintf('conn %02d frame %d|', $i, $k);
    $rest = $total - strlen($head);
    $rot = ($i * 2 + $k) * 409609 % strlen($base);
    $first = min($rest, strlen($base) - $rot);
    return [[$head, 0, strlen($head)], [$base, $rot, $first], [$base, 0, $rest - $first]];
}

function seg_md5(array $segs): string
{
    $h = hash_init('md5');
    $n = 0;
    foreach ($segs as [$str, $off, $len]) {
        for ($p = 0; $p < $len; $p += FRM_MIB) {
            hash_update($h, substr($str, $off + $p, min(FRM_MIB, $len - $p)));
        }
        $n += $len;
    }
    return $n . ' ' . hash_final($h);
}

$expect = [];
$streams = [];
for ($i = 0; $i < CONNS; $i++) {
    $segs = array_merge(segments($i, 0), segments($i, 1), segments($i, 2));
    $expect[$i] = seg_md5(segments($i, 0)) . "\n" . seg_md5(segments($i, 1)) . "\n" . seg_md5(segments($i, 2)) . "\n";
    $streams[$i] = ['sock' => frm_connect($s->port), 'segs' => $segs, 'seg' => 0, 'off' => 0, 'in' => ''];
}

/* meanwhile, 4 more connections send 3 MiB of an 8 MiB frame and close: nothing of them may reach a worker */
$aborted = [];
for ($i = 0; $i < 4; $i++) {
    $aborted[$i] = ['sock' => frm_connect($s->port), 'off' => 0,
        'data' => pack('N', 8 * FRM_MIB - 4) . substr($base, $i * 1000, 3 * FRM_MIB)];
}

/* write everything on all connections at once while reading the replies */
$t0 = swt_now();
$deadline = $t0 + 60;
for (;;) {
    $r = $w = [];
    foreach ($streams as $i => $st) {
        if ($st['seg'] < count($st['segs'])) {
            $w[$i] = $st['sock'];
        }
        if (strlen($st['in']) < strlen($expect[$i]) && !str_ends_with($st['in'], '<EOF>')) {
            $r[$i] = $st['sock'];
        }
    }
    if ((!$r && !$w) || swt_now() > $deadline) {
        break;
    }
    foreach ($aborted as $i => &$ab) {
        if ($ab['sock'] !== null) {
            $k = @fwrite($ab['sock'], substr($ab['data'], $ab['off'], 65536));
            $ab['off'] += (int) $k;
            if ($ab['off'] >= strlen($ab['data']) || $k === false) {
                fclose($ab['sock']);
                $ab['sock'] = null;
            }
        }
    }
    unset($ab);
    $e = null;
    if (@stream_select($r, $w, $e, 0, 200000) <= 0) {
        continue;
    }
    foreach ($w as $i => $sock) {
        $st = &$streams[$i];
        [$str, $off, $len] = $st['segs'][$st['seg']];
        $k = @fwrite($sock, substr($str, $off + $st['off'], min(65536, $len - $st['off'])));
        if ($k === false || ($k === 0 && feof($sock))) {
            $st['seg'] = count($st['segs']);
        } else {
            $st['off'] += $k;
            if ($st['off'] >= $len) {
                $st['seg']++;
                $st['off'] = 0;
            }
        }
        unset($st);
    }
    foreach ($r as $i => $sock) {
        $chunk = @fread($sock, 65536);
        if ($chunk === false || ($chunk === '' && feof($sock))) {
            $streams[$i]['in'] .= '<EOF>';
            continue;
        }
        $streams[$i]['in'] .= $chunk;
    }
}
$took = swt_now() - $t0;

$bad = [];
foreach ($streams as $i => $st) {
    if ($st['in'] !== $expect[$i]) {
        $bad[] = "conn $i: got " . json_encode($st['in']) . ' expected ' . json_encode($expect[$i]);
    }
}
swt_check(!$bad, CONNS . ' connections x (8 MiB, 5 B, 8 MiB - 1) frames: every length and md5 matches, in order',
    sprintf('after %.1f s: ', $took) . implode("\n  ", array_slice($bad, 0, 5)));
swt_check(!str_contains($s->output(), 'SEND FAILED'), 'every reply send() succeeded', $s->output());
$lens = array_count_values(array_map(fn($m) => (int) $m[1], $s->matches('/^R \d+ (\d+)$/m')));
ksort($lens);
swt_check($lens === [5 => CONNS, 8 * FRM_MIB - 1 => CONNS, 8 * FRM_MIB => CONNS],
    'exactly those 60 frames reached onReceive (none of the aborted connections)', json_encode($lens));
foreach ($streams as $st) {
    fclose($st['sock']);
}
swt_check($s->stop() === 0, 'master exit code 0 after SIGTERM');
?>
--EXPECT--
ok - 20 connections x (8 MiB, 5 B, 8 MiB - 1) frames: every length and md5 matches, in order
ok - every reply send() succeeded
ok - exactly those 60 frames reached onReceive (none of the aborted connections)
ok - master exit code 0 after SIGTERM
