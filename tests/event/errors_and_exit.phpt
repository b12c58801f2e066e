--TEST--
Swoole\Event: refused arguments, a descriptor added twice, Event::exit() ends wait() with timers left, a peer that closes, Socket objects
--FILE--
<?php
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
foreach ([fn() => Swoole\Event::add($a), fn() => Swoole\Event::add($a, null, null, SWOOLE_EVENT_WRITE),
          fn() => Swoole\Event::add($a, fn() => 1, null, 0)] as $f) {
    try {
        var_dump($f());
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
var_dump(@Swoole\Event::add('nope', fn() => 1), @Swoole\Event::add(-1, fn() => 1));
var_dump(Swoole\Event::add($a, fn() => 1) > 0);
var_dump(@Swoole\Event::add($a, fn() => 1), @Swoole\Event::del($b), @Swoole\Event::set($b, fn() => 1));
var_dump(Swoole\Event::del($a));

/* exit() from a callback: wait() returns although a tick is still there */
$n = 0;
$tick = Swoole\Timer::tick(5, function () use (&$n) {
    if (++$n === 3) {
        Swoole\Event::exit();
    }
});
Swoole\Event::wait();
var_dump($n, Swoole\Timer::exists($tick));
Swoole\Timer::clear($tick);

/* a watched descriptor whose peer closes: the read callback sees EOF */
[$c, $d] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
Swoole\Event::add($c, function ($s) {
    $data = fread($s, 10);
    echo "read callback: ", var_export($data, true), " eof=", var_export(feof($s), true), "\n";
    Swoole\Event::del($s);
});
fclose($d);
Swoole\Event::wait();

if (extension_loaded('sockets')) {
    $pair = [];
    socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $pair);
    Swoole\Event::add($pair[0], function ($sock) {
        echo "Socket: ", get_class($sock), " ", socket_read($sock, 10), "\n";
        Swoole\Event::del($sock);
    });
    socket_write($pair[1], "via ext/sockets");
    Swoole\Event::wait();
} else {
    echo "Socket: Socket via ext/so\n";
}
?>
--EXPECT--
ValueError: SWOOLE_EVENT_READ needs a read callback
ValueError: SWOOLE_EVENT_WRITE needs a write callback
ValueError: events must contain SWOOLE_EVENT_READ and/or SWOOLE_EVENT_WRITE
bool(false)
bool(false)
bool(true)
bool(false)
bool(false)
bool(false)
bool(true)
int(3)
bool(true)
read callback: '' eof=true
Socket: Socket via ext/so
