/* SPDX-License-Identifier: MIT */
/*
 * The shell's session: prompt, line editing and dispatch.
 *
 * Input comes one byte at a time through read(0): kernel/libc.c's _read,
 * which waits in console_getc (kernel/console.c).  The shell's thread
 * sleeps there until the console UART's receive interrupt brings a byte,
 * so at its prompt it is not woken at all, not even by the tick; a pasted
 * burst waits in the kernel's ring and the UART and is taken as fast as
 * the line editor runs.
 * The line editor understands:
 *
 *   printable ASCII   inserted (at most SHELL_LINE_MAX characters)
 *   Backspace, DEL    erase the last character
 *   Ctrl-U            erase the whole line
 *   Up, Down          the previous and next of the last SHELL_HISTORY
 *                     lines run (ESC [ A, ESC [ B, or ESC O A, ESC O B)
 *   Ctrl-L            clear the screen and draw the line again
 *   Ctrl-C            cancel the line
 *   Enter (CR or LF)  run it
 *
 * Other escape sequences (Left, Right, Home, function keys...) are
 * ignored.  Other control bytes and bytes above 0x7e are refused, never
 * stored: the line says so when Enter is pressed and is not run, so no
 * garbage can reach a command; characters past the limit make the whole
 * line be refused as too long.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "kernel/thread.h"
#include "shell.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f
#define PROMPT "kestrel> "
#define SHELL_HISTORY 8

const struct thread *shell_thread;

enum line_end { LINE_ENTER, LINE_CANCEL, LINE_EOF };

struct line {
	char text[SHELL_LINE_MAX + 1];
	unsigned length;
	unsigned too_long; /* characters past the limit */
	unsigned refused;  /* control or non-ASCII bytes dropped */
};

/* The last lines run, oldest first; recalled by Up and Down. */
static struct {
	char text[SHELL_HISTORY][SHELL_LINE_MAX + 1];
	unsigned count;
} history;

static int read_byte(void)
{
	unsigned char c;

	fflush(stdout);
	return read(0, &c, 1) == 1 ? c : -1;
}

static void echo(const char *s)
{
	fputs(s, stdout);
	fflush(stdout);
}

/* The rest of an escape sequence (ESC [ params final, ESC O final, or
 * ESC x): its final byte, 'A' for Up and 'B' for Down. */
static int read_escape(void)
{
	int c = read_byte();

	if (c != '[' && c != 'O')
		return c;
	do
		c = read_byte();
	while (c >= 0x20 && c < 0x40); /* parameter and intermediate bytes */
	return c;
}

static void erase_shown(struct line *l)
{
	while (l->length > 0) {
		l->length--;
		echo("\b \b");
	}
}

/* Replaces the line with a history entry (back: how far back, 1 the
 * latest; 0 an empty line). */
static void recall(struct line *l, unsigned back)
{
	erase_shown(l);
	l->too_long = l->refused = 0;
	if (back == 0)
		return;
	strcpy(l->text, history.text[history.count - back]);
	l->length = (unsigned)strlen(l->text);
	echo(l->text);
}

static void remember(const struct line *l)
{
	if (l->length == 0 || l->too_long || l->refused)
		return;
	if (history.count > 0 && strcmp(history.text[history.count - 1], l->text) == 0)
		return; /* the same as the last: once is enough */
	if (history.count == SHELL_HISTORY) {
		memmove(history.text[0], history.text[1],
			sizeof(history.text[0]) * (SHELL_HISTORY - 1));
		history.count--;
	}
	strcpy(history.text[history.count++], l->text);
}

static enum line_end read_line(struct line *l)
{
	unsigned back = 0; /* how far back in the history the line is */

	memset(l, 0, sizeof(*l));
	for (;;) {
		int c = read_byte();
		if (c < 0)
			return LINE_EOF;
		if (c == '\n' || c == '\r') {
			echo("\n");
			l->text[l->length] = '\0';
			return LINE_ENTER;
		}
		if (c == CTRL('C')) {
			echo("^C\n");
			return LINE_CANCEL;
		}
		if (c == CTRL('U')) {
			erase_shown(l);
			l->too_long = l->refused = 0;
		} else if (c == CTRL('L')) {
			l->text[l->length] = '\0';
			echo("\x1b[H\x1b[2J" PROMPT);
			echo(l->text);
		} else if (c == '\b' || c == DEL) {
			if (l->length > 0) {
				l->length--;
				echo("\b \b");
			}
		} else if (c == ESC) {
			int key = read_escape();
			if (key == 'A' && back < history.count)
				recall(l, ++back);
			else if (key == 'B' && back > 0)
				recall(l, --back);
			/* else: a key the editor does not use */
		} else if (c < 0x20 || c > 0x7e) {
			l->refused++;
		} else if (l->length < SHELL_LINE_MAX) {
			char s[2] = { (char)c, '\0' };
			l->text[l->length++] = (char)c;
			echo(s);
		} else {
			l->too_long++;
		}
	}
}

/* Splits the line at spaces; false if there are too many words. */
static bool split(char *text, int *argc, char **argv)
{
	*argc = 0;
	for (char *word = strtok(text, " "); word != NULL; word = strtok(NULL, " ")) {
		if (*argc == SHELL_ARGS_MAX)
			return false;
		argv[(*argc)++] = word;
	}
	return true;
}

/* Runs one line; false when the session should end. */
static bool run_line(struct line *l)
{
	char *argv[SHELL_ARGS_MAX];
	int argc;

	if (l->too_long) {
		printf("error: line too long (more than %u characters): not run\n", SHELL_LINE_MAX);
		return true;
	}
	if (l->refused) {
		printf("error: the line held %u control or non-ASCII byte(s): not run\n",
		       l->refused);
		return true;
	}
	remember(l);
	if (!split(l->text, &argc, argv)) {
		printf("error: too many words (at most %u)\n", SHELL_ARGS_MAX);
		return true;
	}
	if (argc == 0)
		return true;
	for (unsigned i = 0; i < shell_command_count; i++)
		if (strcmp(argv[0], shell_commands[i].name) == 0)
			return shell_commands[i].run(argc, argv);
	printf("error: unknown command '%s' (type help)\n", argv[0]);
	return true;
}

int main(void)
{
	struct line line;

	if (!board_info.console_can_receive) {
		printf("shell: the console of %s cannot receive; nothing to do\n", board_info.name);
		return 0;
	}
	shell_thread = thread_self();
	workload_start();
	printf("\nKestrel shell. Type help for the commands.\n");
	for (;;) {
		echo(PROMPT);
		enum line_end end = read_line(&line);
		if (end == LINE_EOF) {
			printf("\nshell: end of input\n");
			return 0;
		}
		if (end == LINE_ENTER && !run_line(&line))
			return 0;
	}
}
