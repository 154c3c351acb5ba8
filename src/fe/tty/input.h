/*
 * input.h: the input line, through GNU readline's callback interface.
 *
 * readline never touches the terminal itself: natter feeds it bytes from
 * stdin and draws its line buffer (draw_input()).
 */
#ifndef NATTER_FE_TTY_INPUT_H
#define NATTER_FE_TTY_INPUT_H

/* Called with each line the user enters (borrowed for the call). */
typedef void (*input_line_fn)(const char *line);

/* Called for Alt-digit (window number, 0 means 10) and paging (+1/-1). */
struct input_actions {
	input_line_fn line;
	void (*window)(int number);
	void (*page)(int direction);
	/* Several completions are possible: show them (count >= 2). */
	void (*matches)(char **matches, int count);
};

/* Installs readline and the stdin watch. Returns 0, or -1 and *cause. */
int input_start(const struct input_actions *actions, char **cause);

/* Removes them. */
void input_stop(void);

#endif
