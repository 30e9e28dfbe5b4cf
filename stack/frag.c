/* SPDX-License-Identifier: MIT */
/* placeholder: being written */
typedef int placeholder_frag;
