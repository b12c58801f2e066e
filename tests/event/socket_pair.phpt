--TEST--
Swoole\Event: add() a stream socket pair with read and write callbacks; set() switches events; del() inside a callback; isset()
--FILE--
<?php
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
stream_set_blocking($a, false);
stream_set_blocking($b, false);
$payload = str_repeat('0123456789', 100000); /* 1 MB: more than the socket buffer, so writes are partial */
$sent = 0;
$received = '';
var_dump(Swoole\Event::add($b, function ($s) use (&$received, $payload) {
    $d = fread($s, 65536);
    $received .= $d;
    if (strlen($received) === strlen($payload)) {
        echo "read all: ", $received === $payload ? "same bytes" : "DIFFERENT", "\n";
        var_dump(Swoole\Event::del($s), Swoole\Event::isset($s));
    }
}) > 0);
var_dump(Swoole\Event::add($a, null, function ($s) use (&$sent, $payload) {
    $n = fwrite($s, substr($payload, $sent, 200000));
    $sent += $n;
    if ($sent === strlen($payload)) {
        echo "wrote all\n";
        /* nothing left to write: back to read only (the peer sends a reply later) */
        var_dump(Swoole\Event::set($s, function ($s) {
            echo "reply: ", fread($s, 100), "\n";
            swoole_event_del($s);
        }, null, SWOOLE_EVENT_READ));
        var_dump(Swoole\Event::isset($s, SWOOLE_EVENT_WRITE), Swoole\Event::isset($s, SWOOLE_EVENT_READ));
    }
}, SWOOLE_EVENT_WRITE) > 0);
var_dump(Swoole\Event::isset($a), Swoole\Event::isset($a, SWOOLE_EVENT_READ), swoole_event_isset($b, SWOOLE_EVENT_READ));
Swoole\Timer::after(100, function () use ($b) { fwrite($b, "thanks"); });
Swoole\Event::wait();
echo "loop ended\n";
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
wrote all
bool(true)
bool(false)
bool(true)
read all: same bytes
bool(true)
bool(false)
reply: thanks
loop ended
