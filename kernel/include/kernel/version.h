/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define KERNEL_NAME "Kestrel"
#define KERNEL_VERSION "0.1"

#endif
