dnl config.m4 for extension swoole
dnl
dnl The source list is computed here from the tree (swoole.c, ext-src/*.c and
dnl every src/<subsystem>/*.c), so a new core file is built after the next
dnl ./configure without editing this file.

PHP_ARG_ENABLE([swoole],
  [whether to enable swoole support],
  [AS_HELP_STRING([--enable-swoole],
    [Enable swoole support])],
  [no])

PHP_ARG_ENABLE([swoole-debug],
  [whether to build swoole with debug checks],
  [AS_HELP_STRING([--enable-swoole-debug],
    [swoole: compile with -O0 -g and SW_DEBUG assertions])],
  [no],
  [no])

if test "$PHP_SWOOLE" != "no"; then
  dnl The server core is built on epoll, accept4 and Linux process control.
  swoole_os=$host_os
  test -z "$swoole_os" && swoole_os=`uname -s 2>/dev/null | tr 'A-Z' 'a-z'`
  case $swoole_os in
    linux*) ;;
    *)
      AC_MSG_ERROR([swoole needs Linux (its server core is built on epoll); $swoole_os is not supported])
      ;;
  esac

  AC_CHECK_HEADERS([sys/epoll.h], [],
    [AC_MSG_ERROR([swoole needs <sys/epoll.h> (Linux epoll), which was not found])])
  AC_CHECK_HEADERS([sys/prctl.h])
  AC_CHECK_FUNCS([epoll_create1 accept4 pipe2 sendmmsg recvmmsg prctl])

  AC_CACHE_CHECK([for prctl(PR_SET_PDEATHSIG)], [swoole_cv_pr_set_pdeathsig], [
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <sys/prctl.h>
#include <signal.h>]], [[return prctl(PR_SET_PDEATHSIG, SIGTERM);]])],
      [swoole_cv_pr_set_pdeathsig=yes], [swoole_cv_pr_set_pdeathsig=no])
  ])
  if test "$swoole_cv_pr_set_pdeathsig" = "yes"; then
    AC_DEFINE([HAVE_PR_SET_PDEATHSIG], [1], [Define if prctl(PR_SET_PDEATHSIG) is available])
  fi

  AC_CACHE_CHECK([for prctl(PR_SET_NAME)], [swoole_cv_pr_set_name], [
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <sys/prctl.h>]],
      [[return prctl(PR_SET_NAME, "x", 0, 0, 0);]])],
      [swoole_cv_pr_set_name=yes], [swoole_cv_pr_set_name=no])
  ])
  if test "$swoole_cv_pr_set_name" = "yes"; then
    AC_DEFINE([HAVE_PR_SET_NAME], [1], [Define if prctl(PR_SET_NAME) is available])
  fi

  AC_CACHE_CHECK([for SO_REUSEPORT], [swoole_cv_so_reuseport], [
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <sys/socket.h>]],
      [[int opt = SO_REUSEPORT; return opt == 0;]])],
      [swoole_cv_so_reuseport=yes], [swoole_cv_so_reuseport=no])
  ])
  if test "$swoole_cv_so_reuseport" = "yes"; then
    AC_DEFINE([HAVE_SO_REUSEPORT], [1], [Define if the SO_REUSEPORT socket option is available])
  fi

  dnl Reactor threads.
  PHP_ADD_LIBRARY(pthread, 1, SWOOLE_SHARED_LIBADD)
  dnl HTTP response compression (gzip, deflate).
  AC_CHECK_HEADERS([zlib.h], [], [AC_MSG_ERROR([swoole needs zlib (zlib.h) for HTTP compression])])
  PHP_ADD_LIBRARY(z, 1, SWOOLE_SHARED_LIBADD)
  swoole_save_LIBS=$LIBS
  LIBS="$LIBS -lpthread"
  AC_CHECK_FUNCS([pthread_setname_np])
  LIBS=$swoole_save_LIBS

  swoole_cflags="-std=gnu11 -Wall -Wno-unused-parameter -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  if test "$PHP_SWOOLE_DEBUG" != "no"; then
    AC_DEFINE([SW_DEBUG], [1], [Define to build swoole with debug checks])
    swoole_cflags="$swoole_cflags -O0 -g"
  fi

  swoole_srcdir=PHP_EXT_SRCDIR(swoole)
  swoole_sources=""
  swoole_dirs=""
  for swoole_file in `cd "$swoole_srcdir" && for f in ext-src/*.c src/*/*.c; do test -f "$f" && echo "$f"; done | LC_ALL=C sort`; do
    swoole_sources="$swoole_sources $swoole_file"
  done
  for swoole_dir in `cd "$swoole_srcdir" && for d in src/*/; do test -d "$d" && echo "$d"; done | sed 's,/$,,' | LC_ALL=C sort`; do
    swoole_dirs="$swoole_dirs $swoole_dir"
  done

  dnl Bind every symbol when the master loads the extension: a worker forked
  dnl later then writes no GOT page and runs no symbol lookup on its first calls
  dnl (measured with max_request 1 in bench/RESULTS.md, workload R1).
  SWOOLE_SHARED_LIBADD="$SWOOLE_SHARED_LIBADD -Wl,-z,now"
  PHP_NEW_EXTENSION(swoole, swoole.c $swoole_sources, $ext_shared,, $swoole_cflags)
  PHP_SUBST(SWOOLE_SHARED_LIBADD)

  PHP_ADD_INCLUDE([$ext_srcdir])
  PHP_ADD_INCLUDE([$ext_srcdir/include])
  PHP_ADD_INCLUDE([$ext_srcdir/ext-src])

  PHP_ADD_BUILD_DIR([$ext_builddir/ext-src])
  for swoole_dir in $swoole_dirs; do
    PHP_ADD_BUILD_DIR([$ext_builddir/$swoole_dir])
  done

  PHP_ADD_MAKEFILE_FRAGMENT
fi
