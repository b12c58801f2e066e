--TEST--
Swoole\Client framing: length-prefixed and EOF-split frames arriving together or split come out one per recv(); an oversized frame fails; bad settings throw naming the key
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--FILE--
<?php
require __DIR__ . '/../include/server.inc';

/* The server answers a command line with canned bytes, possibly in two writes. */
$s = swt_start(<<<'PHP'
$server = new Swoole\Server('127.0.0.1', 0);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('workerStart', function ($server, $id) { echo "WS $id " . getmypid() . "\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    foreach (explode("\n", trim($data)) as $cmd) {
        switch ($cmd) {
        case 'LEN3':
            $server->send($fd, pack('N', 5) . 'hello' . pack('N', 0) . pack('N', 3) . 'abc');
            break;
        case 'LENSPLIT':
            $frame = pack('N', 2000) . str_repeat('z', 2000);
            $server->send($fd, substr($frame, 0, 2));
            usleep(50000);
            $server->send($fd, substr($frame, 2, 1000));
            usleep(50000);
            $server->send($fd, substr($frame, 1002));
            break;
        case 'LENBIG':
            $server->send($fd, pack('N', 5000) . str_repeat('y', 5000));
            break;
        case 'EOF3':
            $server->send($fd, "one\r\ntwo\r\nthr");
            usleep(50000);
            $server->send($fd, "ee\r\n");
            break;
        }
    }
});
echo "PORT {$server->port}\n";
$server->start();
PHP, ['workers' => 1]);

$c = new Swoole\Client(SWOOLE_SOCK_TCP);
swt_check($c->set(['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0,
    'package_body_offset' => 4, 'package_max_length' => 4096, 'read_timeout' => 3]), 'set() length framing');
$c->connect('127.0.0.1', $s->port, 2);
$c->send("LEN3\n");
$frames = [$c->recv(), $c->recv(), $c->recv()];
swt_check($frames === [pack('N', 5) . 'hello', pack('N', 0), pack('N', 3) . 'abc'], 'three frames in one write: one per recv()', bin2hex(implode('|', $frames)));
$c->send("LENSPLIT\n");
$f = $c->recv();
swt_check($f === pack('N', 2000) . str_repeat('z', 2000), 'a frame split in three writes comes out whole', strlen((string) $f));
$c->set(['read_timeout' => 0.2]);
swt_check($c->recv() === false && $c->errCode === 110, 'nothing more: recv() times out');
$c->set(['read_timeout' => 3]);
$c->send("LENBIG\n");
$r = @$c->recv();
swt_check($r === false && $c->errCode === 1202, 'a frame over package_max_length: false, errCode 1202', var_export([$r, $c->errCode], true));
$c->close();

$e = new Swoole\Client(SWOOLE_SOCK_TCP);
$e->set(['open_eof_split' => true, 'package_eof' => "\r\n", 'timeout' => 3]);
$e->connect('127.0.0.1', $s->port);
$e->send("EOF3\n");
$frames = [$e->recv(), $e->recv(), $e->recv()];
swt_check($frames === ["one\r\n", "two\r\n", "three\r\n"], 'EOF split: one frame per recv()', json_encode($frames));
$e->close();
swt_check($s->stop() === 0, 'server stopped');

function bad(array $settings): void {
    try {
        (new Swoole\Client(SWOOLE_SOCK_TCP))->set($settings);
        echo "no exception for " . json_encode($settings) . "\n";
    } catch (Swoole\Exception $ex) {
        echo $ex->getMessage(), "\n";
    }
}
bad(['package_length_type' => 'x']);
bad(['package_eof' => '']);
bad(['open_eof_check' => true]);
bad(['open_length_check' => true, 'open_eof_check' => true, 'package_eof' => "\n"]);
bad(['package_max_length' => 0]);
bad(['timeout' => 'soon']);
$ok = new Swoole\Client(SWOOLE_SOCK_TCP);
swt_check($ok->set(['worker_num' => 4, 'open_eof_check' => true, 'package_eof' => "\n"]) && $ok->setting['worker_num'] === 4, 'keys the client does not use are kept and ignored');
?>
--EXPECT--
ok - set() length framing
ok - three frames in one write: one per recv()
ok - a frame split in three writes comes out whole
ok - nothing more: recv() times out
ok - a frame over package_max_length: false, errCode 1202
ok - EOF split: one frame per recv()
ok - server stopped
Invalid setting 'package_length_type': expected one of c C s S n N v V l L q Q J P
Invalid setting 'package_eof': expected a string of 1 to 8 bytes
Invalid setting 'package_eof': expected the 1 to 8 bytes that end each frame (needed by open_eof_check)
Invalid setting 'open_length_check': expected not to be combined with open_eof_check or open_eof_split
Invalid setting 'package_max_length': expected an int from 1 to 9223372036854775807
Invalid setting 'timeout': expected a number of seconds (negative: no limit)
ok - keys the client does not use are kept and ignored
