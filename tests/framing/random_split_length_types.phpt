--TEST--
Framing: length check with every pack() length type, frames cut at random points over several connections
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * One echo server per length type (length field at offset 0, body right
 * after it, the defaults' layout). Each onReceive must get exactly one whole
 * frame, header included: bodies are often empty or tiny, sometimes longer
 * than one 64 KiB IPC chunk; the stream is cut at random points (inside
 * length fields too) and written with random small pauses.
 */
$seed = frm_seed(4242);
echo "seed $seed\n";

$configs = [];
foreach (['N', 'n', 'V', 'v', 'C', 'J', 'c', 's', 'S', 'l', 'L', 'q', 'Q', 'P'] as $type) {
    $size = frm_length_size($type);
    $settings = ['open_length_check' => true, 'package_length_type' => $type,
        'package_length_offset' => 0, 'package_body_offset' => $size];
    if ($type === 'N') {
        /* the documented defaults: N, 0, 4 */
        $settings = ['open_length_check' => true];
    }
    $configs["type $type"] = [
        'settings' => $settings + ['worker_num' => in_array($type, ['N', 'n', 'V', 'v', 'C', 'J'], true) ? 2 : 1],
        'kind' => 'frames',
        'gen' => fn() => frm_length_frames(mt_rand(120, 160), $type, 0, $size),
    ];
}
frm_random_split_run($configs, 4);
?>
--EXPECTF--
seed %d
ok - type N: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type n: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type V: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type v: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type C: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type J: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type c: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type s: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type S: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type l: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type L: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type q: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type Q: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - type P: 4 random-split connections: one frame per onReceive, byte-exact, in order
