window.X=1;
