--TEST--
Framing: length check with the length field after a magic, a body offset past the length field, odd offsets; random splits
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux' || !is_dir('/proc/self/task')) die('skip needs Linux /proc'); ?>
--INI--
memory_limit=1G
--FILE--
<?php
require __DIR__ . '/../include/framing.inc';

/*
 * Frame = [length_offset bytes][length field][bytes up to body_offset][body of
 * `length` bytes]; onReceive gets the whole frame, header included. The bytes
 * before and after the length field are random (they must never be read as
 * the length).
 */
$seed = frm_seed(777);
echo "seed $seed\n";

$layouts = [
    'N after a 2-byte magic (offset 2, body 6)' => ['N', 2, 6],
    'n at 0, body offset 8 (6 more header bytes)' => ['n', 0, 8],
    'V at offset 3, body offset 9' => ['V', 3, 9],
    'C at offset 5, body offset 6' => ['C', 5, 6],
    'J at offset 1, body offset 16' => ['J', 1, 16],
    'v at offset 7, body offset 40' => ['v', 7, 40],
];
$configs = [];
foreach ($layouts as $name => [$type, $lenOff, $bodyOff]) {
    $configs[$name] = [
        'settings' => ['open_length_check' => true, 'package_length_type' => $type,
            'package_length_offset' => $lenOff, 'package_body_offset' => $bodyOff],
        'kind' => 'frames',
        'gen' => fn() => frm_length_frames(mt_rand(120, 160), $type, $lenOff, $bodyOff),
    ];
}
frm_random_split_run($configs, 4);
?>
--EXPECTF--
seed %d
ok - N after a 2-byte magic (offset 2, body 6): 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - n at 0, body offset 8 (6 more header bytes): 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - V at offset 3, body offset 9: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - C at offset 5, body offset 6: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - J at offset 1, body offset 16: 4 random-split connections: one frame per onReceive, byte-exact, in order
ok - v at offset 7, body offset 40: 4 random-split connections: one frame per onReceive, byte-exact, in order
