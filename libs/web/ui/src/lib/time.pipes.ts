import { Pipe, PipeTransform } from '@angular/core';
import { formatClock, formatDayLabel, formatFull, formatListTime } from './time-format';

/** `{{ iso | pcClock }}`: the clock time of an instant. */
@Pipe({ name: 'pcClock' })
export class ClockPipe implements PipeTransform {
  transform(iso: string): string {
    return formatClock(iso);
  }
}

/** `{{ iso | pcListTime }}`: the time beside a conversation. */
@Pipe({ name: 'pcListTime' })
export class ListTimePipe implements PipeTransform {
  transform(iso: string): string {
    return formatListTime(iso);
  }
}

/** `{{ iso | pcDayLabel }}`: Today, Yesterday or the date. */
@Pipe({ name: 'pcDayLabel' })
export class DayLabelPipe implements PipeTransform {
  transform(iso: string): string {
    return formatDayLabel(iso);
  }
}

/** `{{ iso | pcFullTime }}`: date and time in full. */
@Pipe({ name: 'pcFullTime' })
export class FullTimePipe implements PipeTransform {
  transform(iso: string): string {
    return formatFull(iso);
  }
}
