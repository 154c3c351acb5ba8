/*
 * input.h: the input line, through GNU readline's callback interface.
 *
 * readline never touches the terminal itself: natter feeds it bytes from
 * stdin and draws its line buffer (draw_input()). The histories are
 * history.c's.
 */
#ifndef NATTER_FE_TTY_INPUT_H
#define NATTER_FE_TTY_INPUT_H

struct cmd_frontend;

enum input_scroll {
	INPUT_SCROLL_PAGE_UP,
	INPUT_SCROLL_PAGE_DOWN,
	INPUT_SCROLL_WHEEL_UP,
	INPUT_SCROLL_WHEEL_DOWN,
	INPUT_SCROLL_TOP,
	INPUT_SCROLL_BOTTOM,
};

/* What keys do beyond editing the line. */
struct input_actions {
	void (*line)(const char *line); /* a line was entered (borrowed) */
	void (*window)(int number);     /* Alt-digit: window number, Alt-0 is 10 */
	void (*step)(int direction);    /* Alt-Right (1), Alt-Left (-1) */
	void (*next_active)(void);      /* Alt-A */
	void (*scrollback)(int how);    /* enum input_scroll */
	void (*toggle_panel)(void);     /* Alt-R */
	/* Several completions are possible: show them (count >= 2). */
	void (*matches)(char **matches, int count);
	void (*problem)(const char *text);  /* something went wrong: say it */
	void (*typing)(const char *buffer); /* the input line's text changed */
	void (*focus)(int focused);         /* the terminal gained (1) or lost (0) focus */
	/* Alt-Up: the text of the user's last message in the current
	 * window, to correct (caller frees), or NULL. */
	char *(*last_own)(void);
};

/* Installs readline and the stdin watch, loads the input history;
 * completion asks frontend for window names. Returns 0, or -1 and *cause. */
int input_start(const struct input_actions *actions, const struct cmd_frontend *frontend,
                char **cause);

/* Removes them. */
void input_stop(void);

/* Mouse reporting on or off (the wheel scrolls). */
void input_mouse(int on);

/*
 * Asks for a secret in the input line: prompt before it, what is typed
 * shown as '*' and kept out of the history. Enter gives it to answer
 * (borrowed, wiped afterwards); an empty line gives NULL (not given).
 * What was being typed comes back afterwards. One question at a time:
 * returns -1 while one is open.
 */
int input_ask_secret(const char *prompt, void (*answer)(const char *secret, void *userdata),
                     void *userdata);

/* Whether a secret is being asked for (readline's history is put aside
 * meanwhile: history_select() waits until it is answered). */
int input_asking(void);

/*
 * Opens $VISUAL or $EDITOR (else vi) on text in a child process that owns
 * the terminal meanwhile; what is saved comes back into the input line.
 * Returns 0, or -1 and *cause (one editor at a time; it cannot start).
 */
int input_editor(const char *text, char **cause);

#endif
