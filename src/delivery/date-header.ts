/** The Date header's value, formatted once a second rather than once a message. */
export class DateHeaderClock {
  private second = -1;
  private value = '';

  date(now = Date.now()): string {
    const second = Math.floor(now / 1000);
    if (second !== this.second) {
      this.second = second;
      this.value = new Date(second * 1000).toUTCString().replace('GMT', '+0000');
    }
    return this.value;
  }
}
