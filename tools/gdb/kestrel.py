# SPDX-License-Identifier: MIT
"""Kestrel's GDB extension: the kernel's own view of threads, processes,
kernel objects and the context switch.

Load it with `source tools/gdb/kestrel.py` (make debug does).  Commands:

  kestrel threads    (kthreads)  every thread: TID, name, process, state,
                                 priorities, stack use, what it waits on, PC
  kestrel ps         (kps)       the process tree with threads and memory
  kestrel bt TID     (kbt)       backtrace of any thread from its saved
                                 context; the program is not disturbed
  kestrel objects    (kobjects)  mutexes, semaphores, queues, event flags...
                                 with owners and waiters
  kestrel switch     (kswitch)   run to the next context switch; say who
                                 leaves and who enters
  kestrel regs       (kregs)     MSP, PSP, CONTROL, PRIMASK, BASEPRI,
                                 FAULTMASK, and how each was obtained
  kestrel layout                 the kernel layout as JSON (for rsp_proxy.py)

Everything is read from the kernel's records (thread_all, sched_current,
the process tree) through the ELF's debug information, so it follows the
structures as they change.  It works connected straight to QEMU or through
tools/gdb/rsp_proxy.py; with the proxy GDB's own `info threads` and
`thread N` also work.

MSP, PSP and CONTROL: see kestrel_gdb/cpu.py and rsp_proxy.py.

The implementation is the package kestrel_gdb next to this file; this
file only loads it, so that its names stay out of GDB's __main__ (where
other scripts' names live).  Loading it twice does nothing more.

Python standard library only (GDB's embedded Python).
"""
import os
import sys

if os.path.dirname(os.path.abspath(__file__)) not in sys.path:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kestrel_gdb  # noqa: E402,F401  (registers the commands once)
