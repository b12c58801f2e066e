--TEST--
Swoole\Lock in one process: constants, each type locks and unlocks, trylock of a held lock, lockwait timeout (errCode ETIMEDOUT), relock of an owned mutex, bad arguments
--FILE--
<?php
var_dump(SWOOLE_RWLOCK, SWOOLE_FILELOCK, SWOOLE_MUTEX, SWOOLE_SEM, SWOOLE_SPINLOCK);
var_dump(Swoole\Lock::MUTEX === SWOOLE_MUTEX, Swoole\Lock::RWLOCK === SWOOLE_RWLOCK, Swoole\Lock::SPINLOCK === SWOOLE_SPINLOCK,
    Swoole\Lock::SEM === SWOOLE_SEM, Swoole\Lock::FILELOCK === SWOOLE_FILELOCK, (new ReflectionClass('swoole_lock'))->getName());

$file = sys_get_temp_dir() . '/swt-lock-basic-' . getmypid();
foreach ([SWOOLE_MUTEX, SWOOLE_RWLOCK, SWOOLE_SPINLOCK, SWOOLE_SEM, SWOOLE_FILELOCK] as $type) {
    $l = new Swoole\Lock($type, $file);
    $r = [$l->lock(), $l->unlock(), $l->trylock(), $l->unlock(), $l->lock_read(), $l->unlock(), $l->trylock_read(), $l->unlock(),
        $l->lockwait(0.5), $l->unlock(), $l->errCode];
    echo $type, ' ', json_encode($r), "\n";
}
@unlink($file);

/* a semaphore is not owned: a second lock from the same process times out */
$sem = new Swoole\Lock(SWOOLE_SEM);
$sem->lock();
var_dump($sem->trylock(), $sem->errCode === 16);   /* EBUSY */
$t0 = microtime(true);
var_dump($sem->lockwait(0.2), $sem->errCode === 110, microtime(true) - $t0 >= 0.18);
var_dump($sem->unlock(), $sem->errCode);

/* rwlock: readers share, a writer is refused while a reader holds it */
$rw = new Swoole\Lock(SWOOLE_RWLOCK);
var_dump($rw->lock_read(), $rw->trylock_read(), $rw->trylock(), $rw->unlock(), $rw->unlock(), $rw->trylock(), $rw->unlock());

/* relocking a mutex this process holds fails at once (EDEADLK) instead of hanging */
$m = new Swoole\Lock();
var_dump($m->lock(), $m->lock(), $m->errCode === 35, $m->unlock());
/* unlocking a mutex nobody holds fails with EPERM */
var_dump($m->unlock(), $m->errCode === 1);

foreach ([[99, ''], [SWOOLE_FILELOCK, '']] as [$type, $f]) {
    try {
        new Swoole\Lock($type, $f);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    new Swoole\Lock(SWOOLE_FILELOCK, '/nonexistent-dir/x/y');
} catch (Swoole\Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
int(1)
int(2)
int(3)
int(4)
int(5)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(11) "Swoole\Lock"
3 [true,true,true,true,true,true,true,true,true,true,0]
1 [true,true,true,true,true,true,true,true,true,true,0]
5 [true,true,true,true,true,true,true,true,true,true,0]
4 [true,true,true,true,true,true,true,true,true,true,0]
2 [true,true,true,true,true,true,true,true,true,true,0]
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
int(0)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
Swoole\Lock::__construct(): Argument #1 ($type) must be one of SWOOLE_MUTEX, SWOOLE_RWLOCK, SWOOLE_SPINLOCK, SWOOLE_SEM or SWOOLE_FILELOCK
Swoole\Lock::__construct(): Argument #2 ($filename) must name a file for SWOOLE_FILELOCK
Swoole\Exception: Could not create the filelock: No such file or directory
